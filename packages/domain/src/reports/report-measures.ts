// The figures of a compliance report, one table: the page, the PDF and the CSV all list these rows in
// this order, so the three never disagree on what a figure is called or which section it sits in.
// Every figure is a count or a derived number: no names, no text of a post or a comment.

export const MEASURES = [
  { key: "postsSubmitted", section: "Posts", label: "Posts submitted for review" },
  { key: "postsApproved", section: "Posts", label: "Approved (final approval)" },
  { key: "postsChangesRequested", section: "Posts", label: "Changes requested" },
  { key: "postsRejected", section: "Posts", label: "Rejected" },
  { key: "scansCompleted", section: "Scans", label: "Scans completed" },
  { key: "scansBlocked", section: "Scans", label: "Scans that blocked" },
  { key: "blockedRatePercent", section: "Scans", label: "Blocked rate", unit: "%" },
  { key: "findings", section: "Scans", label: "Findings" },
  { key: "decisions", section: "Turnaround", label: "Final decisions timed" },
  { key: "turnaroundMedianHours", section: "Turnaround", label: "Submit to final decision, median", unit: "h" },
  { key: "turnaroundP90Hours", section: "Turnaround", label: "Submit to final decision, 90th percentile", unit: "h" },
  { key: "overrides", section: "Overrides", label: "Blocking findings approved over" },
  { key: "consentsNew", section: "Consents", label: "New authorizations" },
  { key: "consentsRevoked", section: "Consents", label: "Revoked" },
  { key: "consentsExpired", section: "Consents", label: "Expired" },
  { key: "consentsExpiringNext30Days", section: "Consents", label: "Expiring within 30 days of the period's end" },
  { key: "commentsHidden", section: "Comments", label: "Comments hidden" },
  { key: "slaBreaches", section: "Comments", label: "First-response SLA breaches" },
  { key: "incidentsOpened", section: "Incidents", label: "Incidents opened" },
  { key: "incidentsClosed", section: "Incidents", label: "Incidents closed" },
  { key: "acknowledgementsSigned", section: "Policy", label: "Policy acknowledgements signed" },
  { key: "auditEvents", section: "Audit trail", label: "Audit events recorded" },
] as const satisfies readonly { key: string; section: string; label: string; unit?: "%" | "h" }[];

export type MeasureKey = (typeof MEASURES)[number]["key"];
/** null: not measurable in the period (no scan, no decision to time). */
export type Figures = Record<MeasureKey, number | null>;
export type Measure = (typeof MEASURES)[number];

export const unitOf = (m: Measure): "%" | "h" | undefined => ("unit" in m ? m.unit : undefined);

/** A figure as people read it: "12", "8.3 %", "26.5 h", "—" for none. */
export function formatFigure(value: number | null, unit?: "%" | "h"): string {
  if (value === null) return "—";
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return unit ? `${text} ${unit}` : text;
}

/**
 * The change from the previous period in words a board reads: "+3", "−1.5 h", "no change", or "—"
 * when either side is missing. The minus is a real minus sign: a CSV cell never starts with "-".
 */
export function formatChange(current: number | null, previous: number | null, unit?: "%" | "h"): string {
  if (current === null || previous === null) return "—";
  const diff = Math.round((current - previous) * 10) / 10;
  if (diff === 0) return "no change";
  const text = Number.isInteger(diff) ? String(Math.abs(diff)) : Math.abs(diff).toFixed(1);
  const amount = unit === "%" ? `${text} pts` : unit ? `${text} ${unit}` : text;
  return `${diff > 0 ? "+" : "−"}${amount}`;
}

/** Whether a figure went up, down or stayed (for the trend arrow); null when there is nothing to compare. */
export function trend(current: number | null, previous: number | null): "up" | "down" | "flat" | null {
  if (current === null || previous === null) return null;
  const diff = Math.round((current - previous) * 10) / 10;
  return diff > 0 ? "up" : diff < 0 ? "down" : "flat";
}

/** Share of `part` in `whole` as a percent with one decimal; null when `whole` is 0. */
export const percent = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

/**
 * The p-quantile (0–1) of the values, interpolated between the two nearest ranks (Excel's
 * PERCENTILE.INC, R's type 7): the median of 2 h and 4 h is 3 h. Null for no values.
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

/** Hours with one decimal. */
export const hours = (ms: number) => Math.round(ms / 360_000) / 10;
