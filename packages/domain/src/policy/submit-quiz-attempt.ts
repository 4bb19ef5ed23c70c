import { db } from "@vetted/db";
import type { RequestMeta, TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { attemptQuiz, quizAttemptSchema } from "./ack-flow";
import { findAckByToken, LINK_ACTOR, linkProblem, refuseLink } from "./ack-records";
import { assertUnsigned, memberActor, myAcknowledgement } from "./my-acknowledgement";
import { guardPublicLink } from "../limits/guard-public-link";

/**
 * Public, by the emailed link: one graded quiz attempt, recorded (append-only) however it ends. The
 * acknowledgement row is locked meanwhile, so attempts are counted one at a time.
 */
export async function submitQuizAttempt(token: unknown, input: unknown, request: RequestMeta) {
  return guardPublicLink(request, async () => {
    parseInput(quizAttemptSchema, input);
    return db().$transaction(async (tx) => {
      const a = await findAckByToken(token, tx, true);
      const problem = await linkProblem(tx, a);
      if (problem) refuseLink(problem);
      return attemptQuiz(tx, a, input, { ...LINK_ACTOR, request });
    });
  });
}

/** In the app: the same for the signed-in member's acknowledgement. */
export async function submitMyQuizAttempt(ctx: TenantContext, input: unknown) {
  parseInput(quizAttemptSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const { ack } = await myAcknowledgement(tx, ctx, true);
    if (!ack) throw AppError.notFound("There is no policy to acknowledge yet");
    assertUnsigned(ack);
    return attemptQuiz(tx, ack, input, memberActor(ctx));
  });
}
