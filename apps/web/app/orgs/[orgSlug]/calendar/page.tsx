import type { Metadata } from "next";
import { can } from "@vetted/domain";
import { listCalendarPosts } from "@vetted/domain/calendar";
import { dateInZone, dayRangeIn } from "@vetted/domain/zoned-dates";
import { CalendarFrame } from "@/components/calendar/calendar-frame";
import { NoAccess } from "@/components/no-access";
import { calendarPeriod } from "@/lib/calendar";
import { toCalendarEntry } from "@/lib/calendar-entries";
import { pageTenant } from "@/lib/pages";
import { movePostAction } from "./actions";

export const metadata: Metadata = { title: "Content calendar" };

/** The org's content calendar: its days are the org's, midnight to midnight in its time zone. */
export default async function OrgCalendarPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/calendar`);
  if (!can(ctx, "posts.view")) return <NoAccess />;
  const zone = ctx.org.timeZone;
  const today = dateInZone(new Date(), zone);
  const period = calendarPeriod(await searchParams, today);
  const posts = await listCalendarPosts(ctx, dayRangeIn(period.first, period.last, zone));
  const entries = posts.map((p) => toCalendarEntry(p, ctx.org, can(ctx, "posts.submit")));
  return (
    <CalendarFrame
      title="Content calendar" basePath={`/orgs/${ctx.org.slug}/calendar`} period={period} today={today} entries={entries} crossOrg={false} move={movePostAction}
      intro={<>Posts in review, approved, scheduled and published. Times are in {ctx.org.name}&apos;s time zone, {zone.replaceAll("_", " ")}.</>}
    />
  );
}
