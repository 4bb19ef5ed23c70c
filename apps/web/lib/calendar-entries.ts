// A calendar post → the card the board shows, with every label computed here on the server in the
// post's org's time zone (the browser's zone never decides which day a hospital's post is on).
import type { CalendarPost } from "@vetted/domain/calendar";
import { dateInZone } from "@vetted/domain/zoned-dates";
import type { CalendarEntry } from "@/components/calendar/calendar-board";
import { channelLabel } from "@/app/orgs/[orgSlug]/posts/channels";
import { orgTime, zoneAbbreviation } from "./dates";
import { dateTimeFormat } from "@vetted/domain/date-formats";

export interface EntryOrg {
  slug: string;
  name: string;
  timeZone: string;
}

/** "9:00 AM CST": the time of day in the zone, naming the zone. */
export function clockIn(at: Date, timeZone: string): string {
  return `${dateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(at)} ${zoneAbbreviation(at, timeZone)}`;
}

function whyFixed(state: string, mayMove: boolean): string {
  if (state === "PUBLISHED") return "Published: it stays where it is.";
  if (state === "IN_REVIEW") return "Not approved yet: change its time in the post's editor, which sends it back through review.";
  return mayMove ? "It has no time to move." : "Your role in this organization does not include scheduling posts.";
}

/** `mayMove`: the viewer may schedule posts in this org; only approved and scheduled posts move. */
export function toCalendarEntry(post: CalendarPost, org: EntryOrg, mayMove: boolean): CalendarEntry {
  const movable = mayMove && (post.state === "APPROVED" || post.state === "SCHEDULED") && !!post.scheduledAt;
  return {
    key: `${org.slug}/${post.id}`,
    postId: post.id,
    orgSlug: org.slug,
    orgName: org.name,
    title: post.title,
    state: post.state,
    channels: post.channels.map(channelLabel).join(", "),
    revision: post.revision,
    at: post.at.toISOString(),
    date: dateInZone(post.at, org.timeZone),
    time: clockIn(post.at, org.timeZone),
    when: orgTime(post.at, org.timeZone),
    published: post.publishedAt ? orgTime(post.publishedAt, org.timeZone) : null,
    href: `/orgs/${org.slug}/posts/${post.id}`,
    movable,
    fixed: movable ? null : whyFixed(post.state, mayMove),
  };
}
