import { Prisma, type Db, type Tx } from "@vetted/db";
import { ACK_CADENCE_DAYS, ACK_DUE_DAYS, type AckScope } from "./ack-rules";

// The org's acknowledgement settings (PolicyManual): cadence, due period and who must acknowledge.
// An org without a manual has the defaults: yearly, 30 days, everyone.

export interface AckSettings {
  cadenceDays: number;
  dueDays: number;
  scope: AckScope;
}

export async function loadAckSettings(client: Db | Tx, orgId: string): Promise<AckSettings> {
  const m = await client.policyManual.findFirst({ where: { orgId }, select: { ackCadenceDays: true, ackDueDays: true, ackDepartments: true, ackJobRoles: true } });
  return {
    cadenceDays: m?.ackCadenceDays ?? ACK_CADENCE_DAYS,
    dueDays: m?.ackDueDays ?? ACK_DUE_DAYS,
    scope: { departments: m?.ackDepartments ?? [], jobRoles: m?.ackJobRoles ?? [] },
  };
}

/**
 * inAckScope (ack-rules.ts) as SQL, for queries over many orgs at once: `person` is a WorkforcePerson
 * alias, `manual` a PolicyManual alias LEFT JOINed on the org (no manual: everyone).
 */
export function inAckScopeSql(person: string, manual: string): Prisma.Sql {
  const p = Prisma.raw(`"${person}"`);
  const m = Prisma.raw(`"${manual}"`);
  return Prisma.sql`(${m}.id IS NULL OR (cardinality(${m}."ackDepartments") = 0 AND cardinality(${m}."ackJobRoles") = 0)
    OR ${p}.department = ANY(${m}."ackDepartments") OR ${p}."jobRole" = ANY(${m}."ackJobRoles"))`;
}
