import { db } from "@vetted/db";
import type { RequestMeta, TenantContext } from "../context";
import { deliverMail } from "../mail/send-mail";
import { ackView, recordOpened, type AckView } from "./ack-flow";
import { findAckByToken, LINK_ACTOR, linkProblem } from "./ack-records";
import { memberActor, myAcknowledgement } from "./my-acknowledgement";
import { guardPublicLink } from "../limits/guard-public-link";

/**
 * Public, by the emailed link (the token is the credential): the version to read and the quiz. A link
 * that no longer works throws an AckLinkError saying why (404 unknown or replaced, 410 signed, expired,
 * outdated). The first open is recorded; every open is audited (ids only).
 */
export async function openAcknowledgement(token: unknown, request: RequestMeta): Promise<AckView> {
  return guardPublicLink(request, async () => {
    return db().$transaction(async (tx) => {
      const a = await findAckByToken(token, tx);
      const problem = await linkProblem(tx, a);
      if (problem) throw problem;
      await recordOpened(tx, a, { ...LINK_ACTOR, request });
      return ackView(tx, { ...a, openedAt: a.openedAt ?? new Date() });
    });
  });
}

/**
 * In the app: the signed-in member's acknowledgement of the newest version (assigned now if they
 * joined after it was approved). Null when the org has approved no version yet; a signed one is
 * returned as it is (the page says when it was signed) without recording an open.
 */
export async function openMyAcknowledgement(ctx: TenantContext): Promise<AckView | null> {
  const result = await ctx.db.$transaction(async (tx) => {
    const { ack, mailIds } = await myAcknowledgement(tx, ctx);
    if (!ack) return { view: null, mailIds };
    if (!ack.signedAt) await recordOpened(tx, ack, memberActor(ctx));
    return { view: await ackView(tx, { ...ack, openedAt: ack.openedAt ?? new Date() }), mailIds };
  });
  for (const id of result.mailIds) await deliverMail(id);
  return result.view;
}
