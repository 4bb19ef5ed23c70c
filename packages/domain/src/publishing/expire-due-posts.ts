import { ANY_ORG, db, scopedDb, type PostState } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { deliverMail } from "../mail/send-mail";
import { notifyUsers } from "../notifications/notify";
import { lockPost } from "../posts/post-access";
import { nextState, TRANSITIONS } from "../posts/post-state-machine";
import { purgePostOriginals } from "../media/purge-post-originals";

// An APPROVED post is left alone even though the state machine could expire it: approval with a
// time schedules the post at once, and one approved without a time is waiting for a person.
const EXPIRABLE: PostState[] = TRANSITIONS.expire.from.filter((s) => s !== "APPROVED");

/**
 * Posts whose scheduled time passed before they were approved and scheduled: EXPIRED, audited, and
 * the author told. Each post in its own transaction under a row lock, re-checked after locking, so
 * two ticks (or a reviewer approving at that moment) cannot both act on it.
 */
export async function expireDuePosts(now: Date = new Date(), limit = 100): Promise<number> {
  const due = await db().post.findMany({
    where: { orgId: ANY_ORG, state: { in: EXPIRABLE }, scheduledAt: { lte: now } },
    select: { id: true, orgId: true },
    orderBy: { scheduledAt: "asc" },
    take: limit,
  });
  let expired = 0;
  for (const { id, orgId } of due) {
    const mailIds = await scopedDb(orgId).$transaction(async (tx) => {
      const post = await lockPost(tx, orgId, id);
      if (!EXPIRABLE.includes(post.state) || !post.scheduledAt || post.scheduledAt > now) return null;
      const state = nextState(post.state, "expire");
      await tx.post.update({ where: { id, orgId }, data: { state } });
      await recordAuditEvent(tx, {
        ...WORKER_ACTOR, orgId, action: "post.expired", targetType: "Post", targetId: id,
        metadata: { from: post.state, to: state, revision: post.currentRevision },
      });
      await purgePostOriginals({ tx, orgId, actorId: null, actorLabel: WORKER_ACTOR.actorLabel ?? "worker" }, id);
      const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true, name: true } });
      return notifyUsers(tx, { orgId, orgSlug: org.slug, orgName: org.name, postId: id, kind: "expired", userIds: [post.authorId] });
    });
    if (!mailIds) continue;
    expired++;
    for (const mailId of mailIds) await deliverMail(mailId);
  }
  return expired;
}
