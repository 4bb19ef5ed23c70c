import { z } from "zod";
import { dateTimeFormat } from "../time/date-formats";

// The period of a compliance report: a calendar month ("2026-11") or quarter ("2026-Q4") in the org's
// time zone, so a hospital in Chicago reads November as its people live it. Periods are no PHI: they
// may travel in URLs.

export type PeriodKind = "month" | "quarter";

export interface ReportPeriod {
  key: string;
  kind: PeriodKind;
  year: number;
  /** Month 1–12, or quarter 1–4. */
  index: number;
  /** "November 2026", "Q4 2026 (October–December)". */
  label: string;
  /** First instant of the period in the org's zone. */
  from: Date;
  /** First instant after it (exclusive). */
  to: Date;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"] as const;
const KEY = /^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$/;
export const MIN_YEAR = 2020;

/** A period key as typed in a URL; its messages name the accepted forms, never echo the value. */
export const periodKeySchema = z
  .string({ message: "Give a period like 2026-11 (a month) or 2026-Q4 (a quarter)" })
  .trim()
  .regex(KEY, { message: "A period is a month like 2026-11 or a quarter like 2026-Q4", abort: true })
  .refine((key) => Number(key.slice(0, 4)) >= MIN_YEAR, `Reports start in ${MIN_YEAR}`);

export function parsePeriodKey(key: string): { kind: PeriodKind; year: number; index: number } {
  const m = KEY.exec(key);
  if (!m) throw new Error("parsePeriodKey: not a period key (validate with periodKeySchema first)");
  return m[2] ? { kind: "month", year: Number(m[1]), index: Number(m[2]) } : { kind: "quarter", year: Number(m[1]), index: Number(m[3]) };
}

export const periodKey = (kind: PeriodKind, year: number, index: number) => (kind === "month" ? `${year}-${String(index).padStart(2, "0")}` : `${year}-Q${index}`);

/** The wall-clock date and time of an instant in a zone. */
export function zonedParts(at: Date, timeZone: string) {
  const parts = Object.fromEntries(
    dateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

/** Minutes the zone is ahead of UTC at that instant (negative west of Greenwich). */
function offsetMinutes(at: Date, timeZone: string): number {
  const p = zonedParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * Midnight at the start of a day in a zone, as an instant. Two passes settle the offset, which can
 * differ between the guess and the answer on a daylight-saving day (no zone jumps at midnight on the
 * first of a month in a way that leaves midnight ambiguous for the zones Vetted offers).
 */
export function zonedMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day);
  const first = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  return new Date(wall - offsetMinutes(new Date(first), timeZone) * 60_000);
}

function label(kind: PeriodKind, year: number, index: number): string {
  if (kind === "month") return `${MONTHS[index - 1]} ${year}`;
  return `Q${index} ${year} (${MONTHS[(index - 1) * 3]}–${MONTHS[(index - 1) * 3 + 2]})`;
}

/** The period a key names, bounded in the org's zone. */
export function reportPeriod(key: string, timeZone: string): ReportPeriod {
  const { kind, year, index } = parsePeriodKey(key);
  const firstMonth = kind === "month" ? index : (index - 1) * 3 + 1;
  const months = kind === "month" ? 1 : 3;
  const end = firstMonth + months; // 13 means January of the next year
  return {
    key, kind, year, index, label: label(kind, year, index),
    from: zonedMidnight(year, firstMonth, 1, timeZone),
    to: end > 12 ? zonedMidnight(year + 1, end - 12, 1, timeZone) : zonedMidnight(year, end, 1, timeZone),
  };
}

/** The period before: the previous month, or the previous quarter. */
export function previousPeriod(p: ReportPeriod, timeZone: string): ReportPeriod {
  const last = p.kind === "month" ? 12 : 4;
  return reportPeriod(p.index === 1 ? periodKey(p.kind, p.year - 1, last) : periodKey(p.kind, p.year, p.index - 1), timeZone);
}

/** The last whole month before `now` in the zone: what the report page opens on and the monthly mail is about. */
export function lastCompleteMonth(now: Date, timeZone: string): string {
  const { year, month } = zonedParts(now, timeZone);
  return month === 1 ? periodKey("month", year - 1, 12) : periodKey("month", year, month - 1);
}

/** The choices of the period picker: the `months` last months (the current one first) and the `quarters` last quarters. */
export function recentPeriods(now: Date, timeZone: string, months = 13, quarters = 5): { key: string; label: string }[] {
  const { year, month } = zonedParts(now, timeZone);
  const out: { key: string; label: string }[] = [];
  for (let i = 0; i < months; i++) {
    const m = month - i;
    const y = year + Math.floor((m - 1) / 12);
    const mm = ((((m - 1) % 12) + 12) % 12) + 1;
    out.push({ key: periodKey("month", y, mm), label: label("month", y, mm) });
  }
  const quarter = Math.floor((month - 1) / 3) + 1;
  for (let i = 0; i < quarters; i++) {
    const q = quarter - i;
    const y = year + Math.floor((q - 1) / 4);
    const qq = ((((q - 1) % 4) + 4) % 4) + 1;
    out.push({ key: periodKey("quarter", y, qq), label: label("quarter", y, qq) });
  }
  return out.filter((p) => p.key.slice(0, 4) >= String(MIN_YEAR));
}
