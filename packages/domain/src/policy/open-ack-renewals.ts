import type { Tx } from "@vetted/db";
import { forOrg, ORG_ID, rawSql } from "@vetted/db";
import { effectiveAckVersion } from "./ack-records";
import { DAY_MS, inAckScope, renewalDue } from "./ack-rules";
import { loadAckSettings } from "./ack-settings";
import { openAcknowledgements, type AssignResult } from "./assign-policy-acknowledgements";
import type { SyncActor } from "./sync-workforce-members";

/**
 * Re-acknowledgement on the org's cadence (PolicyManual.ackCadenceDays, yearly by default): every
 * active person who must acknowledge, whose latest cycle of the version in force was signed at least
 * a cadence ago, gets the next cycle of the same version, due the org's due period from now (task or
 * link, as on assignment). Someone who already has an acknowledgement of a newer approved version
 * (effective later) signs that one instead. Inside the caller's transaction; the unique (version,
 * person, cycle) makes a second run, or a second worker, open nothing.
 */
export async function openDueAckRenewals(tx: Tx, orgId: string, now: Date, actor: SyncActor): Promise<AssignResult> {
  const version = await effectiveAckVersion(tx, orgId, now);
  if (!version) return { assigned: 0, mailIds: [] };
  const settings = await loadAckSettings(tx, orgId);
  const latest = await rawSql(tx, forOrg(orgId)).query<{ personId: string; cycle: number; signedAt: Date | null; userId: string | null; email: string; department: string; jobRole: string }[]>`
    SELECT DISTINCT ON (a."personId") a."personId"::text, a.cycle, a."signedAt", p."userId"::text, p.email, p.department, p."jobRole"
    FROM "PolicyAcknowledgement" a
    JOIN "WorkforcePerson" p ON p.id = a."personId" AND p."orgId" = a."orgId" AND p.active
    WHERE a."orgId" = ${ORG_ID}::uuid AND a."versionId" = ${version.id}::uuid
      AND NOT EXISTS (SELECT 1 FROM "PolicyAcknowledgement" b JOIN "PolicyManualVersion" n ON n.id = b."versionId" AND n."orgId" = b."orgId"
                      WHERE b."orgId" = a."orgId" AND b."personId" = a."personId" AND n.number > ${version.number})
    ORDER BY a."personId", a.cycle DESC`;
  const due = latest.filter((a) => renewalDue(a.signedAt, settings.cadenceDays, now) && inAckScope(a, settings.scope));
  return openAcknowledgements(tx, {
    orgId, versionId: version.id, now, dueAt: new Date(now.getTime() + settings.dueDays * DAY_MS), actor, kind: "renewal", scope: "cadence",
    persons: due.map((a) => ({ id: a.personId, userId: a.userId, email: a.email, cycle: a.cycle + 1 })),
  });
}
