import { ANY_ORG, db, scopedDb, type Channel, forOrg, ORG_ID, rawSql } from "@vetted/db";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { consentCoverageProblem } from "../consents/assert-consent-coverage";
import { deliverMail } from "../mail/send-mail";
import { notifyUsers } from "../notifications/notify";
import { currentRevisionOf } from "../posts/post-access";
import { nextState } from "../posts/post-state-machine";
import type { Publisher } from "./publisher";

const channelTextsSchema = z.record(z.string(), z.string());

/**
 * SCHEDULED posts whose time has come: each channel is handed to the publisher and recorded as a
 * PublishHandoff, then the post is PUBLISHED. The post row is taken with FOR UPDATE SKIP LOCKED, so
 * a second tick running at the same moment skips it instead of waiting and publishing again; the
 * unique (postId, channel) hand-off makes a repeat after a partial failure skip the channels done.
 */
export async function publishDuePosts(publisher: Publisher, now: Date = new Date(), limit = 100): Promise<number> {
  const due = await db().post.findMany({
    where: { orgId: ANY_ORG, state: "SCHEDULED", scheduledAt: { lte: now } },
    select: { id: true, orgId: true },
    orderBy: { scheduledAt: "asc" },
    take: limit,
  });
  let published = 0;
  for (const { id, orgId } of due) {
    const outcome = await scopedDb(orgId).$transaction(async (tx) => {
      const locked = await rawSql(tx, forOrg(orgId)).query<{ id: string }[]>`
        SELECT id::text FROM "Post" WHERE id = ${id}::uuid AND "orgId" = ${ORG_ID}::uuid AND state = 'SCHEDULED'
        FOR UPDATE SKIP LOCKED`;
      if (locked.length === 0) return null;
      const post = await tx.post.findFirstOrThrow({ where: { id, orgId } });
      const revision = await currentRevisionOf(tx, post);
      const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true, name: true } });
      const notify = { orgId, orgSlug: org.slug, orgName: org.name, postId: id, userIds: [post.authorId] };
      // Last line of defence: a consent can lapse between the hourly sweep and this tick.
      const problem = await consentCoverageProblem(tx, orgId, post, revision.id, now);
      if (problem) {
        await tx.post.update({ where: { id, orgId }, data: { state: nextState(post.state, "consentWithdrawn") } });
        const voided = await tx.approval.updateMany({ where: { orgId, postId: id, voidedAt: null }, data: { voidedAt: now, voidReason: "consent check failed at publish time" } });
        await recordAuditEvent(tx, {
          ...WORKER_ACTOR, orgId, action: "post.publish_blocked", targetType: "Post", targetId: id,
          // Audit strings are capped at 200 characters; a post with several images can say more than that.
          metadata: { revisionId: revision.id, reason: problem.length > 200 ? `${problem.slice(0, 199)}…` : problem, approvalsVoided: voided.count },
        });
        return { published: false, mailIds: await notifyUsers(tx, { ...notify, kind: "consent_withdrawn" }) };
      }
      const variants = channelTextsSchema.safeParse(revision.channelTexts);
      const done = new Set((await tx.publishHandoff.findMany({ where: { orgId, postId: id }, select: { channel: true } })).map((h) => h.channel));
      for (const channel of post.channels.filter((c: Channel) => !done.has(c))) {
        const text = (variants.success ? variants.data[channel] : undefined) || revision.text;
        const { externalId } = await publisher.publish({ orgId, postId: id, revisionId: revision.id, channel, text });
        await tx.publishHandoff.create({ data: { orgId, postId: id, revisionId: revision.id, channel, publisher: publisher.name, externalId } });
      }
      const state = nextState(post.state, "publish");
      await tx.post.update({ where: { id, orgId }, data: { state } });
      await recordAuditEvent(tx, {
        ...WORKER_ACTOR, orgId, action: "post.published", targetType: "Post", targetId: id,
        metadata: { revisionId: revision.id, channels: post.channels, publisher: publisher.name },
      });
      return { published: true, mailIds: await notifyUsers(tx, { ...notify, kind: "published" }) };
    }, { timeout: 60_000 });
    if (!outcome) continue;
    if (outcome.published) published++;
    for (const mailId of outcome.mailIds) await deliverMail(mailId);
  }
  return published;
}
