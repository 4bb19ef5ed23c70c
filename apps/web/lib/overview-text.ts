// Words and labels of the agency overview's charts, shared by the charts (client components) and their
// table fallbacks. Plain data in, text out: no imports, so the browser bundle gets nothing else.

/** A week of a client's blocked-rate trend, as the overview passes it to the chart. */
export interface TrendWeekView {
  start: string;
  end: string;
  scanned: number;
  blocked: number;
  blockedPercent: number | null;
}

export interface FindingCountView {
  type: string;
  count: number;
}

/** "67%", or "—" when there is no rate (nothing scanned). */
export const percentText = (p: number | null): string => (p === null ? "—" : `${p}%`);

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * "Sep 14" for a "YYYY-MM-DD" UTC day: en-US's short month and day, read off the text (the overview labels
 * ~360 days a view, and a Date plus Intl each was a tenth of its charts' cost; the test checks it against Intl).
 */
export const dayLabel = (day: string): string => `${MONTHS[Number(day.slice(5, 7)) - 1]} ${Number(day.slice(8, 10))}`;

/** "Sep 14 – Sep 20" */
export const weekLabel = (w: { start: string; end: string }): string => `${dayLabel(w.start)} – ${dayLabel(w.end)}`;

/** A finding type as people read it: "PHONE_NUMBER" → "phone number". */
export const findingLabel = (type: string): string => type.replaceAll("_", " ").toLowerCase();

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What the trend chart shows, in one sentence (its role="img" label). */
export function trendSummary(orgName: string, trend: readonly TrendWeekView[]): string {
  const scanned = trend.reduce((n, w) => n + w.scanned, 0);
  if (scanned === 0) return `Blocked rate of ${orgName}: no scans in the last ${trend.length} weeks.`;
  const blocked = trend.reduce((n, w) => n + w.blocked, 0);
  const withRate = trend.filter((w) => w.blockedPercent !== null);
  const last = trend[trend.length - 1]!;
  const peak = withRate.reduce((top, w) => (w.blockedPercent! > top.blockedPercent! ? w : top), withRate[0]!);
  return (
    `Blocked rate of ${orgName} by week over the last ${trend.length} weeks: ${percentText(Math.round((100 * blocked) / scanned))} overall ` +
    `(${blocked} of ${plural(scanned, "scanned revision", "scanned revisions")}); ` +
    `this week ${last.blockedPercent === null ? "no scans" : percentText(last.blockedPercent)}; highest ${percentText(peak.blockedPercent)} in the week of ${dayLabel(peak.start)}.`
  );
}

/** What the findings chart shows, in one sentence (its role="img" label). */
export function findingsSummary(orgName: string, findings: readonly FindingCountView[], weeks: number): string {
  if (findings.length === 0) return `Findings of ${orgName}: none in the last ${weeks} weeks.`;
  const top = findings.slice(0, 5).map((f) => `${f.count} ${findingLabel(f.type)}`);
  const more = findings.length > 5 ? `, and ${plural(findings.length - 5, "more type", "more types")}` : "";
  return `Findings of ${orgName} by type over the last ${weeks} weeks: ${top.join(", ")}${more}.`;
}
