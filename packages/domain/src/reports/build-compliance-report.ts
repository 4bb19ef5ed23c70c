import { z } from "zod";
import { assertCan, can } from "../access/permissions";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { getPolicyCoverage } from "../policy/get-policy-coverage";
import { parseInput } from "../validate";
import { auditVerification, type AuditVerification } from "./report-audit-statement";
import { auditTrailStart, beforeTrail, loadPeriodFigures } from "./report-figures";
import type { Figures } from "./report-measures";
import { loadOverrides, type ReportOverride } from "./report-overrides";
import { periodKeySchema, previousPeriod, reportPeriod, type ReportPeriod } from "./report-period";

// The per-client compliance report (issue 16) of one calendar month or quarter, as plain data: the
// page shows it, render-report-pdf.ts and render-report-csv.ts turn it into files. It carries the
// officers' override justifications, so it is PHI: only reports.view reads it, and every caller
// records the access (view-compliance-report.ts, export-compliance-report.ts); this function does not.

export const buildComplianceReportSchema = z.object({ period: periodKeySchema });
export type BuildComplianceReportInput = z.input<typeof buildComplianceReportSchema>;

/** How many finding types the report ranks (the chart and the table); the rest are summed as "other". */
export const TOP_FINDING_TYPES = 8;

export interface ComplianceReport {
  org: { id: string; name: string; slug: string; timeZone: string };
  period: PeriodView;
  previous: PeriodView;
  /** The period is still running: its figures stop at generatedAt. */
  partial: boolean;
  generatedAt: string;
  generatedBy: { id: string; name: string };
  figures: Figures;
  previousFigures: Figures;
  /**
   * When the org's audit trail on record begins (`from`; null: it holds no event), given only when that
   * is after the previous period's start. Posts and decisions (counted from the trail) before it are not
   * on record: a period wholly before it shows them as unknown, a period it begins in counts them from
   * then on. Null when the trail covers both periods.
   */
  trail: { from: string | null } | null;
  /** Ranked by this period's count; `previous` is the same type's count the period before. */
  findingTypes: { type: string; count: number; blocking: number; previous: number }[];
  overrides: ReportOverride[];
  /** Coverage of the policy version in effect when the report was generated (the roster keeps no history). */
  policyCoverage: { version: number | null; people: number; acknowledged: number; pending: number; overdue: number; percent: number | null } | null;
  audit: AuditVerification;
}

export interface PeriodView {
  key: string;
  label: string;
  from: string;
  to: string;
}

const view = (p: ReportPeriod): PeriodView => ({ key: p.key, label: p.label, from: p.from.toISOString(), to: p.to.toISOString() });

export async function buildComplianceReport(ctx: TenantContext, input: unknown, now: Date = new Date()): Promise<ComplianceReport> {
  assertCan(ctx, "reports.view");
  const { period: key } = parseInput(buildComplianceReportSchema, input);
  const tz = ctx.org.timeZone;
  const period = reportPeriod(key, tz);
  if (period.from.getTime() > now.getTime()) throw new AppError("VALIDATION", "That period has not started yet", { period: ["Pick a period that has started"] });
  const previous = previousPeriod(period, tz);

  // A period still running is counted up to now: the report says so, and reads the same tomorrow.
  const upToNow = (p: ReportPeriod) => ({ from: p.from, to: new Date(Math.min(p.to.getTime(), now.getTime())) });
  const [current, before, overrides, coverage, trailStart] = await Promise.all([
    loadPeriodFigures(ctx, upToNow(period), now),
    loadPeriodFigures(ctx, upToNow(previous), now),
    loadOverrides(ctx, upToNow(period)),
    can(ctx, "manual.manage") ? getPolicyCoverage(ctx, now) : null,
    auditTrailStart(ctx),
  ]);
  // Last: the statement covers every event up to the moment the report was put together.
  const chain = await verifyAuditChain(ctx.org.id);

  const t = coverage?.totals;
  return {
    org: { id: ctx.org.id, name: ctx.org.name, slug: ctx.org.slug, timeZone: tz },
    period: view(period),
    previous: view(previous),
    partial: period.to.getTime() > now.getTime(),
    generatedAt: now.toISOString(),
    generatedBy: { id: ctx.user.id, name: ctx.user.name },
    figures: beforeTrail(current.figures, upToNow(period), trailStart),
    previousFigures: beforeTrail(before.figures, upToNow(previous), trailStart),
    trail: trailStart === null ? { from: null } : trailStart.getTime() > previous.from.getTime() ? { from: trailStart.toISOString() } : null,
    findingTypes: rankFindingTypes(current.findingTypes, before.findingTypes),
    overrides,
    policyCoverage: coverage && t
      ? { version: coverage.version?.number ?? null, people: t.people, acknowledged: t.acknowledged, pending: t.pending, overdue: t.overdue, percent: t.people ? Math.round((t.acknowledged / t.people) * 1000) / 10 : null }
      : null,
    audit: auditVerification(chain, now),
  };
}

type TypeCounts = Map<string, { count: number; blocking: number }>;

/** The most frequent types first (ties by name), the tail folded into "other types". */
export function rankFindingTypes(current: TypeCounts, previous: TypeCounts, top = TOP_FINDING_TYPES): ComplianceReport["findingTypes"] {
  const ranked = [...current]
    .map(([type, c]) => ({ type, count: c.count, blocking: c.blocking, previous: previous.get(type)?.count ?? 0 }))
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  if (ranked.length <= top) return ranked;
  const tail = ranked.slice(top - 1);
  const shown = new Set(ranked.slice(0, top - 1).map((r) => r.type));
  const previousTail = [...previous].filter(([type]) => !shown.has(type)).reduce((n, [, c]) => n + c.count, 0);
  return [
    ...ranked.slice(0, top - 1),
    { type: "other types", count: tail.reduce((n, r) => n + r.count, 0), blocking: tail.reduce((n, r) => n + r.blocking, 0), previous: previousTail },
  ];
}
