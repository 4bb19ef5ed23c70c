import { ANY_ORG, db, scopedDb } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";

/**
 * The database refuses to delete a snapshot before its retainUntil by its own clock (trigger
 * comment_snapshot_retention): a snapshot is purged this long after it expires, so a worker clock
 * slightly ahead of the database's never makes the whole purge fail.
 */
export const PURGE_GRACE_MS = 60_000;

export interface SnapshotPurgeResult {
  purged: number;
  orgs: number;
}

/**
 * Deletes comment snapshots kept past their retention (CommentSnapshot.retainUntil, from the org's
 * commentRetentionDays when taken), run hourly by the worker. Per org, the rows and one
 * `comment_snapshot.purged` audit event (counts only) are one transaction: the trail says how many
 * went and when, and a failure leaves both as they were. At most `limitPerOrg` rows per org per run.
 */
export async function purgeExpiredCommentSnapshots(now: Date = new Date(), limitPerOrg = 1_000): Promise<SnapshotPurgeResult> {
  const cutoff = new Date(now.getTime() - PURGE_GRACE_MS);
  const orgs = await db().commentSnapshot.groupBy({ by: ["orgId"], where: { orgId: ANY_ORG, retainUntil: { lt: cutoff } } });
  let purged = 0;
  for (const { orgId } of orgs) {
    purged += await scopedDb(orgId).$transaction(async (tx) => {
      const due = await tx.commentSnapshot.findMany({ where: { orgId, retainUntil: { lt: cutoff } }, select: { id: true }, orderBy: { retainUntil: "asc" }, take: limitPerOrg });
      const { count } = await tx.commentSnapshot.deleteMany({ where: { orgId, id: { in: due.map((s) => s.id) }, retainUntil: { lt: cutoff } } });
      if (count === 0) return 0;
      const left = await tx.commentSnapshot.count({ where: { orgId, retainUntil: { lt: cutoff } } });
      await recordAuditEvent(tx, {
        ...WORKER_ACTOR, orgId, action: "comment_snapshot.purged", targetType: "Organization", targetId: orgId,
        metadata: { purged: count, stillExpired: left },
      });
      return count;
    });
  }
  return { purged, orgs: orgs.length };
}
