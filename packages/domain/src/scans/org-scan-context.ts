import { scopedDb, type Role } from "@vetted/db";
import type { OrgScanConfig } from "@vetted/scanner";
import { loadPolicy, type EffectivePolicy, type PolicyStep } from "../approvals/approval-policy";
import { loadCoachingBasis, type CoachingBasis } from "../policy/assign-coaching";
import { loadOrgScanConfig } from "./load-org-scan-config";

/** Everything about an org that a scan reads besides the revision itself. */
export interface OrgScanContext {
  config: OrgScanConfig;
  policy: EffectivePolicy;
  org: { slug: string; name: string };
  /** With their addresses: a scan's mails (approvers, the coached author) are written without a read. */
  members: { userId: string; role: Role; email: string }[];
  /** The manual version in effect when loaded, which a blocked post's coaching assignment is made from. */
  coaching: CoachingBasis | null;
}

export type OrgScanContextLoader = (orgId: string) => Promise<OrgScanContext>;

/** Fresh from the database: five reads on parallel connections. */
export const loadOrgScanContext: OrgScanContextLoader = async (orgId) => {
  const sdb = scopedDb(orgId);
  const [config, policy, org, memberRows, coaching] = await Promise.all([
    loadOrgScanConfig(sdb, orgId),
    sdb.$transaction((tx) => loadPolicy(tx, orgId)),
    sdb.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true, name: true } }),
    sdb.membership.findMany({ where: { orgId }, select: { userId: true, role: true, user: { select: { email: true } } } }),
    loadCoachingBasis(sdb, orgId),
  ]);
  const members = memberRows.map((m) => ({ userId: m.userId, role: m.role, email: m.user.email }));
  return { config, policy, org, members, coaching };
};

/**
 * The worker's loader: one context per org, reused for ttlMs. A burst of scans for one org then
 * costs these reads once instead of per job. The price is staleness of at most ttlMs: a member
 * added or renamed, an allow-listed term, an approver or a policy change made within the last few
 * seconds may not apply to a scan yet. That is acceptable: names and allow terms only lower the
 * number of findings (a reviewer sees one more), notifications go to approvers who were eligible
 * seconds ago (at the address they had then), a coaching assignment may cite the manual version
 * that was in effect seconds ago, and decisions always re-read the live policy and approvers when
 * a reviewer acts.
 * Concurrent misses for one org share one load; a failed load is not cached.
 */
export function cachedOrgScanContext(ttlMs: number, load: OrgScanContextLoader = loadOrgScanContext): OrgScanContextLoader {
  const cache = new Map<string, { at: number; value: Promise<OrgScanContext> }>();
  return (orgId) => {
    const now = Date.now();
    const hit = cache.get(orgId);
    if (hit && now - hit.at < ttlMs) return hit.value;
    const value = load(orgId);
    cache.set(orgId, { at: now, value });
    value.catch(() => {
      if (cache.get(orgId)?.value === value) cache.delete(orgId);
    });
    // Keep the map bounded by the orgs seen within one TTL.
    if (cache.size > 1_000) for (const [k, v] of cache) if (now - v.at >= ttlMs) cache.delete(k);
    return value;
  };
}

/**
 * The step's eligible approvers from the member list: the same rule as eligibleApprovers
 * (approvals/approval-policy.ts), applied to members already loaded instead of a fresh query.
 */
export function approversFrom(members: OrgScanContext["members"], step: PolicyStep | undefined, authorId: string): string[] {
  if (!step) return [];
  return members.filter((m) => m.userId !== authorId && (step.userIds.includes(m.userId) || step.roles.includes(m.role))).map((m) => m.userId);
}
