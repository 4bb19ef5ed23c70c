import type { Metadata } from "next";
import { loadShell, roleCan } from "@vetted/domain";
import { listCalendarPostsAcrossOrgs } from "@vetted/domain/calendar";
import { dateInZone } from "@vetted/domain/zoned-dates";
import type { Role } from "@vetted/db";
import { AppShell } from "@/components/app-shell";
import { CalendarFrame } from "@/components/calendar/calendar-frame";
import { calendarPeriod } from "@/lib/calendar";
import { toCalendarEntry } from "@/lib/calendar-entries";
import { pageUser } from "@/lib/pages";
import { movePostAction } from "../orgs/[orgSlug]/calendar/actions";

export const metadata: Metadata = { title: "Content calendar" };

/** The zone most of the person's orgs share: it decides which day is "today" on this page (posts keep their own). */
function mainZone(zones: string[]): string {
  const counts = new Map<string, number>();
  for (const z of zones) counts.set(z, (counts.get(z) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "UTC";
}

/**
 * The content calendar across every client org the person belongs to: each post on its own org's
 * day and in its org's time zone, labelled with the org's name and the zone.
 */
export default async function CalendarPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await pageUser("/calendar");
  const [shell, raw] = await Promise.all([loadShell(user.userId), searchParams]);
  const orgs = shell.orgs.filter((o) => roleCan(o.role as Role, "posts.view"));
  const today = dateInZone(new Date(), mainZone(orgs.map((o) => o.timeZone)));
  const period = calendarPeriod(raw, today);
  const calendars = await listCalendarPostsAcrossOrgs(user.userId, { first: period.first, last: period.last });
  const entries = calendars.flatMap((c) => c.posts.map((p) => toCalendarEntry(p, c.org, c.mayMove)));
  const zones = calendars.map((c) => `${c.org.name} (${c.org.timeZone.replaceAll("_", " ")})`).join(", ");
  return (
    <AppShell userName={shell.name} idleMinutes={user.idleMinutes} orgs={shell.orgs} agencyAdmin={shell.agencyAdmin}>
      <CalendarFrame
        title="Content calendar: all clients" basePath="/calendar" period={period} today={today} entries={entries} crossOrg move={movePostAction}
        intro={calendars.length ? <>Posts of your {calendars.length} client organization{calendars.length === 1 ? "" : "s"}, each in its own time zone: {zones}.</> : <>You belong to no client organization whose posts you may see.</>}
      />
    </AppShell>
  );
}
