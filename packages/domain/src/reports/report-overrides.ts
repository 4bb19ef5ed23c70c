import type { TenantContext } from "../context";
import { OVERRIDE_REASONS, type OverrideReasonCode } from "../findings/finding-reasons";
import type { Bounds } from "./report-figures";

// The period's overrides: each blocking finding a compliance officer approved over, with the officer,
// the finding's type, the preset reason and the written justification. The justification is the
// officer's own words and may quote the post, so the report that carries it is read as PHI.

export interface ReportOverride {
  id: string;
  at: string;
  postId: string;
  officer: string;
  findingType: string;
  reasonCode: string;
  reason: string;
  justification: string;
  /** The approval was voided later (the post was edited or resubmitted): the override no longer stands. */
  voided: boolean;
}

export const reasonLabel = (code: string) => (code in OVERRIDE_REASONS ? OVERRIDE_REASONS[code as OverrideReasonCode] : code);

export async function loadOverrides(ctx: TenantContext, b: Bounds): Promise<ReportOverride[]> {
  const rows = await ctx.db.findingOverride.findMany({ where: { createdAt: { gte: b.from, lt: b.to } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  if (rows.length === 0) return [];
  const [approvals, findings] = await Promise.all([
    ctx.db.approval.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.approvalId))] } }, select: { id: true, postId: true, approverId: true, voidedAt: true } }),
    ctx.db.finding.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.findingId))] } }, select: { id: true, type: true } }),
  ]);
  const approval = new Map(approvals.map((a) => [a.id, a]));
  const findingType = new Map(findings.map((f) => [f.id, f.type]));
  const officerIds = [...new Set(approvals.flatMap((a) => (a.approverId ? [a.approverId] : [])))];
  const officers = officerIds.length ? await ctx.db.user.findMany({ where: { id: { in: officerIds } }, select: { id: true, name: true } }) : [];
  const name = new Map(officers.map((u) => [u.id, u.name]));
  // In time order; the overrides of one approval (one instant) by finding type, so the report reads the same every time.
  const order = (x: ReportOverride, y: ReportOverride) => x.at.localeCompare(y.at) || x.findingType.localeCompare(y.findingType) || x.id.localeCompare(y.id);
  return rows.map((r): ReportOverride => {
    const a = approval.get(r.approvalId);
    return {
      id: r.id,
      at: r.createdAt.toISOString(),
      postId: a?.postId ?? "",
      officer: (a?.approverId && name.get(a.approverId)) || "a former member",
      findingType: findingType.get(r.findingId) ?? "unknown",
      reasonCode: r.reasonCode,
      reason: reasonLabel(r.reasonCode),
      justification: r.justification,
      voided: !!a?.voidedAt,
    };
  }).sort(order);
}
