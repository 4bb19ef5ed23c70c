import type { StatsWindow } from "./stats-window";

// What the overview shows of a client's scans, summed from its daily rollup rows (OrgDailyStats).

export interface DailyStats {
  day: string;
  revisionsScanned: number;
  revisionsBlocked: number;
  findingsByType: Record<string, number>;
}

export interface TrendPoint {
  start: string;
  end: string;
  scanned: number;
  blocked: number;
  /** Whole percent of that week's scanned revisions that were blocked; null when nothing was scanned. */
  blockedPercent: number | null;
}

export interface ScanSummary {
  /** Over the whole window (12 weeks). */
  scanned: number;
  blocked: number;
  blockedPercent: number | null;
  trend: TrendPoint[];
  /** Most frequent first, then by type. */
  findingsByType: { type: string; count: number }[];
}

/** Whole percent, rounded half up; null for an empty base (no rate, rather than 0%). */
export const percentOf = (part: number, whole: number): number | null => (whole > 0 ? Math.round((100 * part) / whole) : null);

/** The findings column as stored: counts by type; anything else in it is ignored. */
export function countsByType(json: unknown): Record<string, number> {
  const counts: Record<string, number> = {};
  if (!json || typeof json !== "object" || Array.isArray(json)) return counts;
  // A plain loop: the overview reads 84 days of each client a view (bench:pages).
  for (const [type, n] of Object.entries(json)) if (Number.isInteger(n) && (n as number) > 0) counts[type] = n as number;
  return counts;
}

/**
 * The window's figures from its rollup rows. The window's days and weeks are both oldest first
 * (stats-window.ts), so one pass over the days fills the weeks in turn (the overview sums 84 days of each
 * client a view: comparing every day with every week was most of its cost).
 */
export function summarizeScans(window: StatsWindow, rows: readonly DailyStats[]): ScanSummary {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const types = new Map<string, number>();
  let at = 0;
  const trend = window.weeks.map((w) => {
    let scanned = 0;
    let blocked = 0;
    while (at < window.days.length && window.days[at]! < w.start) at++;
    for (; at < window.days.length && window.days[at]! <= w.end; at++) {
      const r = byDay.get(window.days[at]!);
      if (!r) continue;
      scanned += r.revisionsScanned;
      blocked += r.revisionsBlocked;
      for (const type in r.findingsByType) types.set(type, (types.get(type) ?? 0) + r.findingsByType[type]!);
    }
    return { ...w, scanned, blocked, blockedPercent: percentOf(blocked, scanned) };
  });
  const scanned = trend.reduce((n, w) => n + w.scanned, 0);
  const blocked = trend.reduce((n, w) => n + w.blocked, 0);
  const findingsByType = [...types].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  return { scanned, blocked, blockedPercent: percentOf(blocked, scanned), trend, findingsByType };
}
