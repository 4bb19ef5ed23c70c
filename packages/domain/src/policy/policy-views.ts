import type { PolicyManualVersion, Tx } from "@vetted/db";
import { can } from "../access/permissions";
import type { TenantContext } from "../context";
import { readSections, type ManualSection } from "./manual-sections";

// What the pages and the PDF are given about a version: names instead of user ids, nothing else.

export interface PolicyVersionSummary {
  id: string;
  number: number;
  status: PolicyManualVersion["status"];
  material: boolean;
  changeSummary: string;
  proposedBy: string | null;
  createdAt: Date;
  createdBy: string | null;
  editedBy: string | null;
  submittedAt: Date | null;
  submittedBy: string | null;
  returnReason: string | null;
  approvedAt: Date | null;
  approvedBy: string | null;
  effectiveAt: Date | null;
  contentSha256: string | null;
}

export interface PolicyVersionDetail extends PolicyVersionSummary {
  sections: ManualSection[];
}

type VersionRow = Omit<PolicyManualVersion, "sections"> & { sections?: unknown };

export async function userNames(tx: Tx, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => !!id))];
  if (unique.length === 0) return new Map();
  const users = await tx.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

export function summarize(v: VersionRow, names: Map<string, string>): PolicyVersionSummary {
  const name = (id: string | null) => (id ? (names.get(id) ?? "a former member") : null);
  return {
    id: v.id, number: v.number, status: v.status, material: v.material, changeSummary: v.changeSummary, proposedBy: v.proposedBy,
    createdAt: v.createdAt, createdBy: name(v.createdById), editedBy: name(v.editedById), submittedAt: v.submittedAt, submittedBy: name(v.submittedById),
    returnReason: v.returnReason, approvedAt: v.approvedAt, approvedBy: name(v.approvedById), effectiveAt: v.effectiveAt, contentSha256: v.contentSha256,
  };
}

export async function summarizeAll(tx: Tx, rows: VersionRow[]): Promise<PolicyVersionSummary[]> {
  const names = await userNames(tx, rows.flatMap((v) => [v.createdById, v.editedById, v.submittedById, v.approvedById]));
  return rows.map((v) => summarize(v, names));
}

export async function detail(tx: Tx, v: PolicyManualVersion): Promise<PolicyVersionDetail> {
  const [summary] = await summarizeAll(tx, [v]);
  return { ...summary!, sections: readSections(v.sections) };
}

/** Drafts and versions in review are the editors' and approvers' business; everyone reads approved ones. */
export const maySeeUnapproved = (ctx: Pick<TenantContext, "role">) => can(ctx, "manual.manage") || can(ctx, "manual.approve");
