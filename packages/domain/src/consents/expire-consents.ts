import { ANY_ORG, db, scopedDb, forOrg, ORG_ID, rawSql } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { applyConsentWithdrawal } from "./apply-consent-withdrawal";

/** Withdrawals of consents that changed this recently are re-applied by every sweep (idempotent). */
export const REAPPLY_WINDOW_MS = 48 * 3_600_000;

/**
 * The daily sweep across orgs: ACTIVE consents past their expiration date become EXPIRED (each under
 * a row lock, re-checked, audited), then every recently expired or revoked consent's withdrawal is
 * applied, which also finishes one a crash interrupted after a revocation committed.
 */
export async function expireConsents(now: Date = new Date(), limit = 500) {
  const due = await db().consent.findMany({
    where: { orgId: ANY_ORG, status: "ACTIVE", expiresAt: { lte: now } },
    select: { id: true, orgId: true },
    orderBy: { expiresAt: "asc" },
    take: limit,
  });
  let expired = 0;
  for (const { id, orgId } of due) {
    const changed = await scopedDb(orgId).$transaction(async (tx) => {
      await rawSql(tx, forOrg(orgId)).execute`SELECT 1 FROM "Consent" WHERE id = ${id}::uuid AND "orgId" = ${ORG_ID}::uuid FOR UPDATE`;
      const c = await tx.consent.findFirst({ where: { id, orgId } });
      if (!c || c.status !== "ACTIVE" || !c.expiresAt || c.expiresAt > now) return false;
      await tx.consent.update({ where: { id, orgId }, data: { status: "EXPIRED", expiredAt: now } });
      await recordAuditEvent(tx, {
        ...WORKER_ACTOR, orgId, action: "consent.expired", targetType: "Consent", targetId: id,
        metadata: { expiresAt: c.expiresAt.toISOString() },
      });
      return true;
    });
    if (changed) expired++;
  }
  const recent = await db().consent.findMany({
    where: { orgId: ANY_ORG, status: { in: ["EXPIRED", "REVOKED"] }, updatedAt: { gte: new Date(now.getTime() - REAPPLY_WINDOW_MS) } },
    select: { id: true, orgId: true, status: true },
    take: limit,
  });
  let sentBack = 0;
  let removalTasks = 0;
  for (const c of recent) {
    const r = await applyConsentWithdrawal(c.orgId, c.id, c.status === "REVOKED" ? "REVOKED" : "EXPIRED", WORKER_ACTOR);
    sentBack += r.sentBack;
    removalTasks += r.removalTasks;
  }
  return { expired, sentBack, removalTasks };
}
