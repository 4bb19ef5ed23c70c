// The content calendar's period (which month or ISO week, from the URL) and where each post goes in
// it. Pure and client-safe: the pages build the period, the board places entries with it.
import { addMonths, addWeeks, isIsoWeek, isMonth, isoWeekOf, monthGrid, weekDays } from "@vetted/domain/zoned-dates";
import { dateTimeFormat } from "@vetted/domain/date-formats";

export type CalendarView = "month" | "week";

export interface CalendarPeriod {
  view: CalendarView;
  /** "2026-12" or "2026-W49". */
  key: string;
  /** Monday-to-Sunday rows: 4–6 for a month, one for a week. */
  weeks: string[][];
  first: string;
  last: string;
  /** The month whose days are in focus (the others fill the month's first and last rows). */
  month: string;
  label: string;
  /** Query strings (no PHI: a month or a week only) for the toolbar's links. */
  links: { prev: string; next: string; today: string; month: string; week: string };
  /** Set when the URL named a period that does not exist: the page says so and shows today's. */
  notice?: string;
}

type Params = Record<string, string | string[] | undefined>;

const monthQuery = (month: string) => `?month=${month}`;
const weekQuery = (week: string) => `?week=${week}`;
const monthName = (month: string) => dateTimeFormat("en-US", { timeZone: "UTC", month: "long", year: "numeric" }).format(new Date(`${month}-01T00:00:00Z`));
const dayName = (date: string, opts: Intl.DateTimeFormatOptions) => dateTimeFormat("en-US", { timeZone: "UTC", ...opts }).format(new Date(`${date}T00:00:00Z`));

/** "Week 49: Nov 30 – Dec 6, 2026". */
function weekLabel(week: string, days: string[]): string {
  const [first, last] = [days[0]!, days[6]!];
  return `Week ${Number(week.slice(6))}: ${dayName(first, { month: "short", day: "numeric" })} – ${dayName(last, { month: "short", day: "numeric", year: "numeric" })}`;
}

/** "Thursday, December 10, 2026": a day cell's accessible name. */
export const longDay = (date: string) => dayName(date, { weekday: "long", month: "long", day: "numeric", year: "numeric" });
/** "Thu 10": a week view's column head. */
export const shortDay = (date: string) => dayName(date, { weekday: "short", day: "numeric" });
export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/**
 * The period the URL asks for: `?week=2026-W49` is a week, `?month=2026-12` a month, nothing is
 * this month (`today` is the date in the zone the page counts days in). A malformed or impossible
 * value is not an error page: the notice says what the URL should look like, today's period shows.
 */
export function calendarPeriod(params: Params, today: string): CalendarPeriod {
  const week = params.week;
  const month = params.month;
  if (week !== undefined) {
    if (typeof week === "string" && isIsoWeek(week)) return weekPeriod(week, today);
    return { ...weekPeriod(isoWeekOf(today), today), notice: "The week in the address must look like 2026-W49: showing this week." };
  }
  if (month !== undefined) {
    if (typeof month === "string" && isMonth(month)) return monthPeriod(month, today);
    return { ...monthPeriod(today.slice(0, 7), today), notice: "The month in the address must look like 2026-12: showing this month." };
  }
  return monthPeriod(today.slice(0, 7), today);
}

function monthPeriod(month: string, today: string): CalendarPeriod {
  const weeks = monthGrid(month);
  // To a week view: the week of today when today is in this month, else the month's first week.
  const week = today.startsWith(month) ? isoWeekOf(today) : isoWeekOf(`${month}-01`);
  return {
    view: "month", key: month, weeks, first: weeks[0]![0]!, last: weeks.at(-1)![6]!, month, label: monthName(month),
    links: { prev: monthQuery(addMonths(month, -1)), next: monthQuery(addMonths(month, 1)), today: monthQuery(today.slice(0, 7)), month: monthQuery(month), week: weekQuery(week) },
  };
}

function weekPeriod(week: string, today: string): CalendarPeriod {
  const days = weekDays(week);
  // An ISO week belongs to the month of its Thursday, as it belongs to the year of its Thursday.
  const month = days[3]!.slice(0, 7);
  return {
    view: "week", key: week, weeks: [days], first: days[0]!, last: days[6]!, month, label: weekLabel(week, days),
    links: { prev: weekQuery(addWeeks(week, -1)), next: weekQuery(addWeeks(week, 1)), today: weekQuery(isoWeekOf(today)), month: monthQuery(month), week: weekQuery(week) },
  };
}

/** The entries of each day, by time: each entry is placed by its own date (in its org's zone). */
export function entriesByDay<T extends { date: string; at: string }>(entries: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const e of [...entries].sort((a, b) => a.at.localeCompare(b.at))) out.set(e.date, [...(out.get(e.date) ?? []), e]);
  return out;
}
