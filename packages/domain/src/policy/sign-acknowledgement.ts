import { db } from "@vetted/db";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { verifyPassword } from "../auth/password";
import { isRefused, refusedError, signInLimiter, type SignInLimiter } from "../auth/signin-limiter";
import type { RequestMeta, TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { signAck, signAckSchema } from "./ack-flow";
import { findAckByToken, LINK_ACTOR, linkProblem, refuseLink } from "./ack-records";
import { assertUnsigned, memberActor, myAcknowledgement } from "./my-acknowledgement";
import { guardPublicLink } from "../limits/guard-public-link";

export const signMyAckSchema = z.object({ password: z.string({ message: "Enter your password" }).min(1, "Enter your password").max(200, "Password is too long") });

/**
 * Public, by the emailed link: the person signs (typed name + confirmation). In one transaction with
 * the row locked, so the link is used exactly once: a second submit is a 409, a later open a 410.
 */
export async function signAcknowledgement(token: unknown, input: unknown, request: RequestMeta) {
  return guardPublicLink(request, async () => {
    parseInput(signAckSchema, input);
    return db().$transaction(async (tx) => {
      const a = await findAckByToken(token, tx, true);
      const problem = await linkProblem(tx, a);
      if (problem) refuseLink(problem);
      return signAck(tx, a, input, "LINK", { ...LINK_ACTOR, request });
    });
  });
}

/**
 * In the app: a member signs with their password re-entered, checked under the sign-in limiter (the
 * same budget as signing in, so the form is no way round it). A wrong password is a field error, not
 * a sign-out, and is audited (ids only).
 */
export async function signMyAcknowledgement(ctx: TenantContext, input: unknown, limiter: SignInLimiter = signInLimiter()) {
  const { password } = parseInput(signMyAckSchema, input);
  parseInput(signAckSchema, input);
  const admission = await limiter.admit(ctx.user.email.toLowerCase(), ctx.request.ip);
  if (isRefused(admission)) throw refusedError(admission);
  const user = await db().user.findUniqueOrThrow({ where: { id: ctx.user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(password, user.passwordHash))) {
    const wait = await limiter.waitAfterFailure(admission);
    await ctx.db.$transaction((tx) =>
      recordAuditEvent(tx, {
        orgId: ctx.org.id, actorId: ctx.user.id, action: "ack.password_failed", targetType: "User", targetId: ctx.user.id, request: ctx.request,
        metadata: { attempt: admission.attempt },
      }),
    );
    if (wait !== null) throw refusedError({ retryAfterSeconds: wait });
    throw new AppError("VALIDATION", "The password is not correct", { password: ["The password is not correct"] });
  }
  await limiter.succeeded(admission);
  return ctx.db.$transaction(async (tx) => {
    const { ack } = await myAcknowledgement(tx, ctx, true);
    if (!ack) throw AppError.notFound("There is no policy to acknowledge yet");
    assertUnsigned(ack);
    return signAck(tx, ack, input, "IN_APP", memberActor(ctx));
  });
}
