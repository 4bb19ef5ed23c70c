import { ANY_ORG, db, scopedDb } from "@vetted/db";
import { auditRetentionCutoff } from "../audit/purge-audit-events";
import { recordAuditEvent } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { mediaStorage } from "../media/storage";

export interface ConsentPurgeResult {
  purged: number;
  /** Past retention but kept because a removal task for a post that used it is still open. */
  heldByOpenRemoval: number;
  /** The signed file could not be deleted: the consent stays and the next run retries. */
  fileErrors: number;
}

/**
 * The only deletion path for consents (HIPAA 164.530(j)(2): kept six years from when last in effect).
 * A consent goes once it has ended (REVOKED or EXPIRED) more than six years ago, by the same rule the
 * database trigger `consent_retention` enforces, and never while a removal task for it is open.
 * Per consent, in one transaction: people in images that named it keep their row (a patient is still
 * shown) but lose the link, the signing request that produced it (patient name and email ciphers) is
 * deleted, the signed file is deleted from storage, the row is deleted and `consent.purged` is audited
 * with ids only. The file goes before the commit (as purgeOriginals does): a failed delete rolls the
 * whole purge back for a retry, while a commit failing after the delete leaves a row past retention
 * whose file is gone, which we prefer to a committed deletion with the PHI file left on disk.
 */
export async function purgeExpiredConsents(now: Date = new Date(), limit = 200): Promise<ConsentPurgeResult> {
  const cutoff = auditRetentionCutoff(now);
  const candidates = await db().consent.findMany({
    where: {
      orgId: ANY_ORG,
      status: { in: ["REVOKED", "EXPIRED"] },
      createdAt: { lt: cutoff },
      OR: [
        { revokedAt: { lt: cutoff } },
        { revokedAt: null, expiredAt: { lt: cutoff } },
        { revokedAt: null, expiredAt: null, expiresAt: { lt: cutoff } },
      ],
    },
    select: { id: true, orgId: true },
    orderBy: { createdAt: "asc" },
    take: limit,
  });
  const result: ConsentPurgeResult = { purged: 0, heldByOpenRemoval: 0, fileErrors: 0 };
  for (const { id, orgId } of candidates) {
    const outcome = await purgeOne(orgId, id).catch((error: unknown) => {
      if (error instanceof FileDeleteError) return "fileError" as const;
      throw error;
    });
    if (outcome === "purged") result.purged++;
    else if (outcome === "held") result.heldByOpenRemoval++;
    else if (outcome === "fileError") result.fileErrors++;
  }
  return result;
}

class FileDeleteError extends Error {
  override name = "FileDeleteError";
}

async function purgeOne(orgId: string, consentId: string): Promise<"purged" | "held" | "gone" | "fileError"> {
  return scopedDb(orgId).$transaction(async (tx) => {
    const consent = await tx.consent.findFirst({ where: { id: consentId, orgId }, select: { id: true, fileKey: true } });
    if (!consent) return "gone";
    const open = await tx.removalTask.count({ where: { orgId, consentId, completedAt: null } });
    if (open > 0) return "held";
    const detached = await tx.mediaPerson.updateMany({ where: { orgId, consentId }, data: { consentId: null } });
    const requests = await tx.consentRequest.deleteMany({ where: { orgId, consentId } });
    // The trigger re-checks the retention by the database's clock; a refusal rolls everything back.
    await tx.consent.delete({ where: { id: consentId, orgId } });
    await recordAuditEvent(tx, {
      ...WORKER_ACTOR, orgId, action: "consent.purged", targetType: "Consent", targetId: consentId,
      metadata: { peopleDetached: detached.count, signingRequestsDeleted: requests.count },
    });
    try {
      await mediaStorage().delete(consent.fileKey);
    } catch {
      throw new FileDeleteError(`The signed file of consent ${consentId} could not be deleted`);
    }
    return "purged";
  });
}
