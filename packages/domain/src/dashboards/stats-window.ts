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
  readonly days: readonly string[];
  readonly first: string;
  readonly today: string;
  readonly weeks: readonly Readonly<TrendWeek>[];
}

// The window of the day last asked for: an overview asks for it once per client and per rollup, and
// building it (84 days as text, each through a Date) was 4 ms of a page's CPU (bench:pages).
let last: StatsWindow | null = null;

/** The window ending on `now`'s UTC day. Frozen: every caller of the same day shares one. */
export function statsWindow(now: Date): StatsWindow {
  const today = utcDay(now);
  if (last?.today === today) return last;
  const firstMs = dayStart(today).getTime() - (WINDOW_DAYS - 1) * DAY_MS;
  const days = Object.freeze(Array.from({ length: WINDOW_DAYS }, (_, i) => utcDay(new Date(firstMs + i * DAY_MS))));
  const weeks = Object.freeze(Array.from({ length: TREND_WEEKS }, (_, w) => Object.freeze({ start: days[w * 7]!, end: days[w * 7 + 6]! })));
  last = Object.freeze({ days, first: days[0]!, today, weeks });
  return last;
}
