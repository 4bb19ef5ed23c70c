import type { Db, Tx } from "@vetted/db";
import type { OrgScanConfig } from "@vetted/scanner";

/**
 * The scanner's per-org lists: the org's own name and its members' names (the staff directory, so
 * "thanks to Dr. Casey" is not a patient), plus the terms reviewers dismissed as false positives
 * (ScanAllowTerm): NAME terms join allowNames, every other type joins allowTerms.
 */
export async function loadOrgScanConfig(client: Db | Tx, orgId: string): Promise<OrgScanConfig> {
  const [org, members, terms] = await Promise.all([
    client.organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true } }),
    client.membership.findMany({ where: { orgId }, select: { user: { select: { name: true } } } }),
    client.scanAllowTerm.findMany({ where: { orgId }, select: { term: true, type: true } }),
  ]);
  return {
    allowNames: [org.name, ...members.map((m) => m.user.name), ...terms.filter((t) => t.type === "NAME").map((t) => t.term)],
    allowTerms: terms.filter((t) => t.type !== "NAME").map((t) => t.term),
  };
}
