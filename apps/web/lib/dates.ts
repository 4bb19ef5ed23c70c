// Dates and times as an org's people read them: in the org's time zone (Settings), always naming
// the zone. Pickers take the org's wall-clock time and turn it into an instant here, in one place,
// so nobody's browser zone decides when a hospital's post goes out.
import { dateTimeFormat } from "@vetted/domain/date-formats";

/** "Dec 6, 2026, 3:15 PM CST" in the given IANA zone; "—" for no date. */
export function orgTime(d: Date | string | null | undefined, timeZone: string): string {
  if (!d) return "—";
  return dateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(d)) + ` ${zoneAbbreviation(new Date(d), timeZone)}`;
}

/** "CST", "EDT", or "GMT+5:30" where the zone has no common abbreviation. */
export function zoneAbbreviation(at: Date, timeZone: string): string {
  const part = dateTimeFormat("en-US", { timeZone, timeZoneName: "short" }).formatToParts(at).find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

// The zone arithmetic itself is shared with the use cases and the content calendar (client-safe).
export { isoToZonedLocal, zonedLocalToIso } from "@vetted/domain/zoned-dates";
