import { db } from "@vetted/db";
import type { RequestMeta, TenantContext } from "../context";
import { addReadingTime } from "./ack-flow";
import { findAckByToken, LINK_ACTOR, linkProblem } from "./ack-records";
import { memberActor, myAcknowledgement } from "./my-acknowledgement";
import { guardPublicLink } from "../limits/guard-public-link";

// Time on the page: the reading page reports the seconds it was visible (a small client component
// posting the elapsed time when the reader moves on or leaves). Each report is capped and audited.

/** Public: seconds spent on the page, reported by the page itself; counted while the link works. */
export async function recordReadingTime(token: unknown, input: unknown, request: RequestMeta) {
  return guardPublicLink(request, async () => {
    return db().$transaction(async (tx) => {
      const a = await findAckByToken(token, tx, true);
      const problem = await linkProblem(tx, a);
      if (problem) throw problem;
      return addReadingTime(tx, a, input, { ...LINK_ACTOR, request });
    });
  });
}

/** In the app: the same for the signed-in member's open acknowledgement (nothing once signed). */
export async function recordMyReadingTime(ctx: TenantContext, input: unknown) {
  return ctx.db.$transaction(async (tx) => {
    const { ack } = await myAcknowledgement(tx, ctx, true);
    if (!ack || ack.signedAt) return { readSeconds: ack?.readSeconds ?? 0 };
    return addReadingTime(tx, ack, input, memberActor(ctx));
  });
}
