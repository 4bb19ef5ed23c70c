import { db, scopedDb, forOrg, ORG_ID, rawSql, acrossOrgs } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { deliverMail } from "../mail/send-mail";
import { notifyUsers } from "../notifications/notify";

export const EXPIRY_WARNING_DAYS = 14;

/**
 * Two weeks before a consent that images are linked to expires, the org's compliance officers and
 * admins and whoever uploaded it hear about it once: time to get a new authorization signed, or
 * to plan taking the posts down (at expiry, published ones get removal tasks). The warning is
 * recorded in the audit trail, which is also what keeps it from repeating. No names in the mail.
 */
export async function warnExpiringConsents(now: Date = new Date(), limit = 200): Promise<number> {
  const horizon = new Date(now.getTime() + EXPIRY_WARNING_DAYS * 86_400_000);
  // Across orgs (the worker's sweep); consents already warned are left out here, so a backlog of
  // them never hides one that still needs its warning.
  const due = await rawSql(db(), acrossOrgs("consent expiry warnings: the worker's sweep of every org")).query<{ id: string; orgId: string }[]>`
    SELECT c.id::text, c."orgId"::text FROM "Consent" c
    WHERE c.status = 'ACTIVE' AND c."expiresAt" > ${now} AND c."expiresAt" <= ${horizon}
      AND EXISTS (SELECT 1 FROM "MediaPerson" p WHERE p."orgId" = c."orgId" AND p."consentId" = c.id)
      AND NOT EXISTS (SELECT 1 FROM "AuditEvent" a WHERE a."orgId" = c."orgId" AND a.action = 'consent.expiry_warned' AND a."targetId" = c.id::text)
    ORDER BY c."expiresAt" LIMIT ${limit}`;
  let warned = 0;
  for (const { id, orgId } of due) {
    const mailIds = await scopedDb(orgId).$transaction(async (tx) => {
      await rawSql(tx, forOrg(orgId)).execute`SELECT 1 FROM "Consent" WHERE id = ${id}::uuid AND "orgId" = ${ORG_ID}::uuid FOR UPDATE`;
      const consent = await tx.consent.findFirst({ where: { id, orgId }, select: { expiresAt: true, uploadedById: true, status: true } });
      if (!consent || consent.status !== "ACTIVE") return null;
      const already = await tx.auditEvent.count({ where: { orgId, chainKey: orgId, action: "consent.expiry_warned", targetId: id } });
      if (already) return null;
      const images = await tx.mediaPerson.count({ where: { orgId, consentId: id } });
      const staff = await tx.membership.findMany({ where: { orgId, role: { in: ["COMPLIANCE_OFFICER", "ADMIN"] } }, select: { userId: true } });
      await recordAuditEvent(tx, {
        ...WORKER_ACTOR, orgId, action: "consent.expiry_warned", targetType: "Consent", targetId: id,
        metadata: { expiresAt: consent.expiresAt?.toISOString() ?? null, linkedImages: images },
      });
      const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true, name: true } });
      return notifyUsers(tx, { orgId, orgSlug: org.slug, orgName: org.name, postId: null, kind: "consent_expiring", userIds: [consent.uploadedById, ...staff.map((m) => m.userId)] });
    });
    if (!mailIds) continue;
    warned++;
    for (const mailId of mailIds) await deliverMail(mailId);
  }
  return warned;
}
