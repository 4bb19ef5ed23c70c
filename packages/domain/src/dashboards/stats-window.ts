// The agency overview's time frame: the last 12 weeks as 84 UTC calendar days ending today, cut into 12
// weeks of 7 days, the last of which ends today (rolling weeks: no calendar week is ever half empty).
// UTC, not each org's zone: one rollup row per org and day, comparable across the agency's clients.

export const TREND_WEEKS = 12;
export const WINDOW_DAYS = TREND_WEEKS * 7;
export const DAY_MS = 86_400_000;

/** The UTC day `at` falls in, as "YYYY-MM-DD". */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);
/** Midnight UTC at the start of a "YYYY-MM-DD" day. */
export const dayStart = (day: string): Date => new Date(`${day}T00:00:00.000Z`);
export const addDays = (day: string, n: number): string => utcDay(new Date(dayStart(day).getTime() + n * DAY_MS));

export interface TrendWeek {
  /** First and last UTC day of the week, inclusive. */
  start: string;
  end: string;
}

export interface StatsWindow {
  /** Every day of the window, oldest first; the last is today. */
  days: string[];
  first: string;
  today: string;
  weeks: TrendWeek[];
}

export function statsWindow(now: Date): StatsWindow {
  const today = utcDay(now);
  const first = addDays(today, -(WINDOW_DAYS - 1));
  const days = Array.from({ length: WINDOW_DAYS }, (_, i) => addDays(first, i));
  const weeks = Array.from({ length: TREND_WEEKS }, (_, w) => ({ start: days[w * 7]!, end: days[w * 7 + 6]! }));
  return { days, first, today, weeks };
}
