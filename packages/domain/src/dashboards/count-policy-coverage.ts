import { forOrgs, ORG_IDS, pgDirect, rawSql } from "@vetted/db";
import { inAckScopeSql } from "../policy/ack-settings";

export interface CoverageTotals {
  /** Whole percent (rounded down, never overstated); null with no version in effect or nobody in scope. */
  percent: number | null;
  acknowledged: number;
  people: number;
  /** The material version in effect that people acknowledge; null when none is approved and in effect. */
  versionNumber: number | null;
}

/**
 * The totals of getPolicyCoverage (policy/get-policy-coverage.ts) for many orgs in one statement on the pg
 * pool: as that report it was five Prisma reads an org (the version, the settings, the roster, its
 * acknowledgements, their quiz scores), paid for every org of an officer's or admin's overview. Same
 * rules, as SQL, checked against the report on the same rows by count-policy-coverage.int.test.ts:
 * - the version: the approved material one with the latest effectiveAt ≤ now, then the highest number
 *   (policy-records.ts inEffect);
 * - people: active roster people in the org's acknowledgement scope (inAckScopeSql, no manual: everyone);
 * - acknowledged: those whose latest cycle of that version is signed (ackState's "acknowledged").
 * The caller passes only orgs where the viewer may manage the manual.
 */
export async function countPolicyCoverage(orgIds: string[], now: Date): Promise<Map<string, CoverageTotals>> {
  if (orgIds.length === 0) return new Map();
  const rows = await rawSql(pgDirect(), forOrgs(orgIds)).query<{ orgId: string; versionNumber: number | null; people: number; acknowledged: number }[]>`
    SELECT o.id::text AS "orgId", v.number AS "versionNumber",
      (SELECT count(*)::int FROM "WorkforcePerson" p WHERE p."orgId" = o.id AND p.active AND ${inAckScopeSql("p", "m")}) AS people,
      CASE WHEN v.id IS NULL THEN 0 ELSE (SELECT count(*)::int FROM "WorkforcePerson" p WHERE p."orgId" = o.id AND p.active AND ${inAckScopeSql("p", "m")}
        AND (SELECT a."signedAt" FROM "PolicyAcknowledgement" a WHERE a."orgId" = o.id AND a."versionId" = v.id AND a."personId" = p.id
             ORDER BY a.cycle DESC LIMIT 1) IS NOT NULL) END AS acknowledged
    FROM "Organization" o
    LEFT JOIN "PolicyManual" m ON m."orgId" = o.id
    LEFT JOIN LATERAL (
      SELECT id, number FROM "PolicyManualVersion"
      WHERE "orgId" = o.id AND status = 'APPROVED' AND material AND "effectiveAt" <= ${now}
      ORDER BY "effectiveAt" DESC, number DESC LIMIT 1
    ) v ON true
    WHERE o.id = ANY(${ORG_IDS})`;
  return new Map(rows.map((r) => [r.orgId, totals(r.versionNumber, r.people, r.acknowledged)]));
}

function totals(versionNumber: number | null, people: number, acknowledged: number): CoverageTotals {
  const percent = versionNumber !== null && people > 0 ? Math.floor((100 * acknowledged) / people) : null;
  return { percent, acknowledged, people, versionNumber };
}
