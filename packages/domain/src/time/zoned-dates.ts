// Calendar dates ("2026-12-06"), months ("2026-12"), ISO weeks ("2026-W49") and wall-clock times in
// an org's IANA time zone. Client-safe: no imports at all (exported as @vetted/domain/zoned-dates),
// so the schedule pickers, the content calendar and the use cases compute the same instants.
//
// A calendar date has no zone: its arithmetic runs on UTC midnights. Only turning a date and a time
// of day into an instant (or back) needs the zone, and that happens in zonedLocalToIso/isoToZonedLocal.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const WEEK = /^(\d{4})-W(\d{2})$/;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const DAY_MS = 86_400_000;

// One formatter per zone, made once: constructing one costs far more than formatting (see date-formats.ts,
// which this client-safe module does not import).
const wallClocks = new Map<string, Intl.DateTimeFormat>();
function wallClock(timeZone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(timeZone);
  if (!format) {
    if (wallClocks.size >= 1_000) wallClocks.clear();
    format = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    wallClocks.set(timeZone, format);
  }
  return format;
}

/** Minutes the zone is ahead of UTC at that instant (negative west of Greenwich). */
function offsetMinutes(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    wallClock(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * A datetime-local value ("2026-03-08T02:30") read as wall-clock time in the zone → ISO instant.
 * A time skipped by a daylight-saving jump moves forward by the jump, as clocks do; an ambiguous
 * one (the repeated hour) takes the first occurrence. Empty or malformed input → "".
 */
export function zonedLocalToIso(local: string, timeZone: string): string {
  const m = LOCAL.exec(local);
  if (!m) return "";
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  // Two passes settle the offset, which can differ between the guess and the answer near a jump.
  const first = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  const second = wall - offsetMinutes(new Date(first), timeZone) * 60_000;
  const earlier = Math.min(first, second);
  const instant = isoToZonedLocal(new Date(earlier).toISOString(), timeZone) === local ? earlier : Math.max(first, second);
  return new Date(instant).toISOString();
}

/** ISO instant → the zone's wall-clock "YYYY-MM-DDTHH:mm", for a datetime-local input. */
export function isoToZonedLocal(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "";
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  const shifted = new Date(at.getTime() + offsetMinutes(at, timeZone) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

const utcMidnight = (date: string) => Date.parse(`${date}T00:00:00Z`);
const dateOfUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** "2026-02-29" is not a date; "2026-02-28" is. */
export function isCalendarDate(value: string): boolean {
  return DATE.test(value) && !Number.isNaN(utcMidnight(value)) && dateOfUtc(utcMidnight(value)) === value;
}

export function addDays(date: string, days: number): string {
  return dateOfUtc(utcMidnight(date) + days * DAY_MS);
}

/** ISO weekday: Monday 1 … Sunday 7. */
export function isoWeekday(date: string): number {
  return new Date(utcMidnight(date)).getUTCDay() || 7;
}

/** The calendar date of an instant in the zone. */
export function dateInZone(instant: Date | string, timeZone: string): string {
  return isoToZonedLocal(new Date(instant).toISOString(), timeZone).slice(0, 10);
}

/** The wall-clock time "HH:mm" of an instant in the zone. */
export function timeInZone(instant: Date | string, timeZone: string): string {
  return isoToZonedLocal(new Date(instant).toISOString(), timeZone).slice(11, 16);
}

/**
 * The same wall-clock time on another day in the zone: 9:00 in Chicago on Mar 6 (CST) moved to
 * Mar 9 is 9:00 CDT, one hour fewer in UTC terms. A time that day skips lands after the jump.
 */
export function moveToDay(instant: Date | string, toDate: string, timeZone: string): string {
  return zonedLocalToIso(`${toDate}T${timeInZone(instant, timeZone)}`, timeZone);
}

/** From the start of `first` to the start of the day after `last`, in the zone, as ISO instants. */
export function dayRangeIn(first: string, last: string, timeZone: string): { from: string; to: string } {
  return { from: zonedLocalToIso(`${first}T00:00`, timeZone), to: zonedLocalToIso(`${addDays(last, 1)}T00:00`, timeZone) };
}

// Months ---------------------------------------------------------------------------------------

export const isMonth = (value: string): boolean => MONTH.test(value);

export function addMonths(month: string, months: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + months, 1)).toISOString().slice(0, 7);
}

/** The month's calendar: its weeks, Monday to Sunday, with the neighbouring months' days that fill them (4–6 weeks). */
export function monthGrid(month: string): string[][] {
  const first = `${month}-01`;
  const last = addDays(`${addMonths(month, 1)}-01`, -1);
  const weeks: string[][] = [];
  for (let monday = addDays(first, 1 - isoWeekday(first)); monday <= last; monday = addDays(monday, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(monday, i)));
  }
  return weeks;
}

// ISO weeks (ISO 8601: weeks start on Monday; week 1 holds the year's first Thursday) -----------

/** "2026-W49": the ISO week the date falls in (its year is the year of that week's Thursday). */
export function isoWeekOf(date: string): string {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = thursday.slice(0, 4);
  const week = Math.floor((utcMidnight(thursday) - utcMidnight(`${year}-01-01`)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

function mondayOfWeek1(year: number): string {
  const jan4 = `${String(year).padStart(4, "0")}-01-04`;
  return addDays(jan4, 1 - isoWeekday(jan4));
}

/** A real ISO week: W53 exists only in years whose Dec 28 falls in week 53. */
export function isIsoWeek(value: string): boolean {
  const m = WEEK.exec(value);
  if (!m) return false;
  const week = Number(m[2]);
  return week >= 1 && week <= Number(isoWeekOf(`${m[1]}-12-28`).slice(6));
}

/** Monday to Sunday of an ISO week. */
export function weekDays(week: string): string[] {
  const [year, w] = [Number(week.slice(0, 4)), Number(week.slice(6))];
  const monday = addDays(mondayOfWeek1(year), (w - 1) * 7);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

export function addWeeks(week: string, weeks: number): string {
  return isoWeekOf(addDays(weekDays(week)[0]!, weeks * 7));
}
