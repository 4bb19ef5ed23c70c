import type { Tx } from "@vetted/db";
import { assertCan, can } from "../access/permissions";
import type { TenantContext } from "../context";
import { effectivePolicyVersion, ensureManual } from "./policy-records";
import { maySeeUnapproved, summarizeAll, userNames, type PolicyVersionSummary } from "./policy-views";

export interface PolicyManualOverview {
  manual: { id: string; ownerId: string | null; owner: string | null; reviewDueAt: Date | null; ackCadenceDays: number; ackDueDays: number; ackDepartments: string[]; ackJobRoles: string[]; quizPassPercent: number } | null;
  /** The version in force now. */
  effective: PolicyVersionSummary | null;
  /** Approved, effective on a later date. */
  upcoming: PolicyVersionSummary | null;
  /** The draft or version in review (editors and approvers only). */
  open: PolicyVersionSummary | null;
  /** Newest first: every version for editors and approvers, approved ones for everyone else. */
  versions: PolicyVersionSummary[];
  may: { manage: boolean; approve: boolean };
  /** The roster's departments and job roles (with the chosen ones), to choose who must acknowledge (editors only). */
  scopeOptions: { departments: string[]; jobRoles: string[] };
}

/**
 * The org's manual with its versions. The first time an editor (admin or compliance officer) opens
 * it, the manual is created with a first draft generated from the org's settings; for anyone else an
 * org without a manual reads as "none yet".
 */
export async function getPolicyManual(ctx: TenantContext, now = new Date()): Promise<PolicyManualOverview> {
  assertCan(ctx, "manual.read");
  const may = { manage: can(ctx, "manual.manage"), approve: can(ctx, "manual.approve") };
  const orgId = ctx.org.id;
  return ctx.db.$transaction(async (tx) => {
    const manual = await ensureManual(tx, orgId, { create: may.manage, actorId: ctx.user.id, request: ctx.request });
    if (!manual) return { manual: null, effective: null, upcoming: null, open: null, versions: [], may, scopeOptions: { departments: [], jobRoles: [] } };
    const rows = await tx.policyManualVersion.findMany({
      where: { orgId, ...(maySeeUnapproved(ctx) ? {} : { status: "APPROVED" as const }) },
      orderBy: { number: "desc" },
      omit: { sections: true },
    });
    const versions = await summarizeAll(tx, rows);
    const inForceRow = await effectivePolicyVersion(tx, orgId, now);
    const inForce = versions.find((v) => v.id === inForceRow?.id) ?? null;
    const upcoming = versions.filter((v) => v.status === "APPROVED" && v.effectiveAt && v.effectiveAt > now).sort((a, b) => b.number - a.number)[0] ?? null;
    const owner = manual.ownerId ? ((await userNames(tx, [manual.ownerId])).get(manual.ownerId) ?? null) : null;
    return {
      manual: {
        id: manual.id, ownerId: manual.ownerId, owner, reviewDueAt: manual.reviewDueAt, ackCadenceDays: manual.ackCadenceDays, ackDueDays: manual.ackDueDays,
        ackDepartments: manual.ackDepartments, ackJobRoles: manual.ackJobRoles, quizPassPercent: manual.quizPassPercent,
      },
      effective: inForce,
      upcoming,
      open: versions.find((v) => v.status === "DRAFT" || v.status === "IN_REVIEW") ?? null,
      versions,
      may,
      scopeOptions: may.manage ? await scopeOptions(tx, orgId, manual) : { departments: [], jobRoles: [] },
    };
  });
}

async function scopeOptions(tx: Tx, orgId: string, chosen: { ackDepartments: string[]; ackJobRoles: string[] }) {
  const [departments, roles] = await Promise.all([
    tx.workforcePerson.findMany({ where: { orgId, active: true, department: { not: "" } }, distinct: ["department"], select: { department: true } }),
    tx.workforcePerson.findMany({ where: { orgId, active: true, jobRole: { not: "" } }, distinct: ["jobRole"], select: { jobRole: true } }),
  ]);
  const merge = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort((x, y) => x.localeCompare(y));
  return { departments: merge(departments.map((d) => d.department), chosen.ackDepartments), jobRoles: merge(roles.map((r) => r.jobRole), chosen.ackJobRoles) };
}
