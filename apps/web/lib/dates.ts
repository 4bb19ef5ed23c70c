// Dates and times as an org's people read them: in the org's time zone (Settings), always naming
// the zone. Pickers take the org's wall-clock time and turn it into an instant here, in one place,
// so nobody's browser zone decides when a hospital's post goes out.

/** "Dec 6, 2026, 3:15 PM CST" in the given IANA zone; "—" for no date. */
export function orgTime(d: Date | string | null | undefined, timeZone: string): string {
  if (!d) return "—";
  return new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(d)) + ` ${zoneAbbreviation(new Date(d), timeZone)}`;
}

/** "CST", "EDT", or "GMT+5:30" where the zone has no common abbreviation. */
export function zoneAbbreviation(at: Date, timeZone: string): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" }).formatToParts(at).find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

/** Minutes the zone is ahead of UTC at that instant (negative west of Greenwich). */
function offsetMinutes(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

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
