import { ANY_ORG, db, scopedDb, type Tx } from "@vetted/db";
import { recordAuditEvents, type AuditEventInput } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { deliverMail } from "../mail/send-mail";
import { awaitingResponseWhere, SLA_WARN_BEFORE_MS } from "./comment-sla";
import { notifyCommentOfficers, type CommentToNotify } from "./notify-comment-officers";

export interface SlaSweepResult {
  /** Comments whose "due within 30 minutes" reminder went out in this run. */
  dueSoon: number;
  /** Comments reported overdue in this run. */
  overdue: number;
}

/**
 * The first-response SLA sweep, run by the worker every minute: the compliance officers hear once
 * when a comment is due within 30 minutes and once when its deadline has passed. Each mark
 * (slaWarnedAt, slaBreachedAt) is claimed by a conditional update in the transaction that writes the
 * notifications, so a second sweep — or a second worker at the same moment, or a decision committing
 * meanwhile — finds nothing left to send. A comment first seen already overdue gets the overdue
 * notice only. Cross-org on purpose: candidates are found across orgs, each org is written alone.
 */
export async function sweepCommentSla(now: Date = new Date(), limit = 500): Promise<SlaSweepResult> {
  const soon = new Date(now.getTime() + SLA_WARN_BEFORE_MS);
  const candidates = await db().socialComment.findMany({
    where: {
      orgId: ANY_ORG, ...awaitingResponseWhere, slaBreachedAt: null,
      AND: [{ responseDueAt: { lte: soon } }, { OR: [{ slaWarnedAt: null }, { responseDueAt: { lte: now } }] }],
    },
    select: { id: true, orgId: true },
    orderBy: { responseDueAt: "asc" },
    take: limit,
  });
  const byOrg = new Map<string, string[]>();
  for (const c of candidates) byOrg.set(c.orgId, [...(byOrg.get(c.orgId) ?? []), c.id]);

  const result: SlaSweepResult = { dueSoon: 0, overdue: 0 };
  for (const [orgId, ids] of byOrg) {
    const { mailIds, dueSoon, overdue } = await scopedDb(orgId).$transaction((tx) => sweepOrg(tx, orgId, ids, now));
    result.dueSoon += dueSoon;
    result.overdue += overdue;
    for (const id of mailIds) await deliverMail(id);
  }
  return result;
}

async function sweepOrg(tx: Tx, orgId: string, ids: string[], now: Date) {
  const soon = new Date(now.getTime() + SLA_WARN_BEFORE_MS);
  const overdue: CommentToNotify[] = [];
  const dueSoon: CommentToNotify[] = [];
  const audit: AuditEventInput[] = [];
  for (const id of ids) {
    const open = { id, orgId, ...awaitingResponseWhere, slaBreachedAt: null };
    // The breach first: a comment past its deadline never gets a "due soon" afterwards.
    const breached = await tx.socialComment.updateManyAndReturn({
      where: { ...open, responseDueAt: { lte: now } },
      data: { slaBreachedAt: now },
      select: { id: true, assignedToId: true, responseDueAt: true },
    });
    const warned = breached.length ? [] : await tx.socialComment.updateManyAndReturn({
      where: { ...open, slaWarnedAt: null, responseDueAt: { gt: now, lte: soon } },
      data: { slaWarnedAt: now },
      select: { id: true, assignedToId: true, responseDueAt: true },
    });
    for (const c of breached) overdue.push(c);
    for (const c of warned) dueSoon.push(c);
    for (const c of [...breached, ...warned]) {
      audit.push({
        ...WORKER_ACTOR, orgId, action: breached.length ? "comment.sla_overdue" : "comment.sla_due_soon", targetType: "SocialComment", targetId: c.id,
        metadata: { dueAt: c.responseDueAt!.toISOString() },
      });
    }
  }
  const mailIds = [
    ...(await notifyCommentOfficers(tx, orgId, "comment_response_overdue", overdue)),
    ...(await notifyCommentOfficers(tx, orgId, "comment_response_due", dueSoon)),
  ];
  await recordAuditEvents(tx, audit);
  return { mailIds, dueSoon: dueSoon.length, overdue: overdue.length };
}
