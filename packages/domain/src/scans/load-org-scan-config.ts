import type { Db, Tx } from "@vetted/db";
import type { OrgScanConfig } from "@vetted/scanner";
import { hashedAllowCheck } from "./allow-term-hash";

/**
 * The scanner's per-org lists: the org's own name and its members' names (the staff directory, so
 * "thanks to Dr. Casey" is not a patient), plus the terms reviewers dismissed as false positives
 * (ScanAllowTerm). Identifier types (NAME, ID, DATE, CONTACT) are stored only as keyed hashes and
 * matched through isAllowed (allow-term-hash.ts); the other types' plaintext terms join allowTerms.
 */
export async function loadOrgScanConfig(client: Db | Tx, orgId: string): Promise<OrgScanConfig> {
  const [org, members, terms] = await Promise.all([
    client.organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true } }),
    client.membership.findMany({ where: { orgId }, select: { user: { select: { name: true } } } }),
    client.scanAllowTerm.findMany({ where: { orgId }, select: { term: true, type: true, hashed: true } }),
  ]);
  return scanConfigFrom(orgId, org.name, members.map((m) => m.user.name), terms);
}

/** The lists from their rows: shared with the worker's one-statement read (load-comment-moderation-inputs.ts). */
export function scanConfigFrom(orgId: string, orgName: string, memberNames: string[], terms: { term: string; type: string; hashed: boolean }[]): OrgScanConfig {
  const isAllowed = hashedAllowCheck(orgId, terms.filter((t) => t.hashed));
  return {
    allowNames: [orgName, ...memberNames],
    allowTerms: terms.filter((t) => !t.hashed).map((t) => t.term),
    ...(isAllowed ? { isAllowed } : {}),
  };
}
