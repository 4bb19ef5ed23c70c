import type { Channel, PostState } from "@vetted/db";
import { z } from "zod";
import type { TenantContext } from "../context";
import { assertCan } from "../access/permissions";
import { parseInput } from "../validate";

/** What the content calendar shows: posts with a time, on their way out or out. Drafts and rejected posts have no place there. */
export const CALENDAR_STATES = ["IN_REVIEW", "APPROVED", "SCHEDULED", "PUBLISHED"] as const satisfies readonly PostState[];

const HOUR_MS = 3_600_000;
/**
 * Six weeks of an org's days: a month view's grid at most. A range that crosses a clock change in
 * the org's zone is an hour longer than 42 × 24 hours, hence the hour of slack.
 */
export const MAX_CALENDAR_RANGE_MS = 42 * 24 * HOUR_MS + HOUR_MS;
/** A ceiling per org and range, so a runaway schedule cannot make one page load unbounded. */
export const MAX_CALENDAR_POSTS = 1_000;

const instant = z.string().datetime({ offset: true, message: "Use an ISO date and time, e.g. 2026-12-01T06:00:00Z" });
export const calendarRangeSchema = z
  .object({ from: instant, to: instant })
  .superRefine((r, ctx) => {
    if (!instant.safeParse(r.from).success || !instant.safeParse(r.to).success) return;
    const span = Date.parse(r.to) - Date.parse(r.from);
    if (span <= 0) ctx.addIssue({ code: "custom", path: ["to"], message: "The end must come after the start" });
    else if (span > MAX_CALENDAR_RANGE_MS) ctx.addIssue({ code: "custom", path: ["to"], message: "Ask for at most 6 weeks at a time" });
  });
export type CalendarRange = z.input<typeof calendarRangeSchema>;

export interface CalendarPost {
  id: string;
  title: string;
  state: PostState;
  channels: Channel[];
  /** The revision the calendar shows: a move names it, so nobody moves a post that changed meanwhile. */
  revision: number;
  scheduledAt: Date | null;
  /** When the first channel was handed to the publisher; null until published. */
  publishedAt: Date | null;
  /** Where the calendar puts it: the scheduled time, or the publication of a post that never had one. */
  at: Date;
}

const SELECT = { id: true, title: true, state: true, channels: true, currentRevision: true, scheduledAt: true } as const;

/**
 * The org's posts whose time falls in [from, to): scheduled for then (through the (orgId,
 * scheduledAt) index), or published then without a scheduled time (posts from before scheduling,
 * such as imported ones). Titles only, never text: the calendar is a list like the posts list.
 */
export async function listCalendarPosts(ctx: TenantContext, input: CalendarRange): Promise<CalendarPost[]> {
  assertCan(ctx, "posts.view");
  const range = parseInput(calendarRangeSchema, input);
  const window = { gte: new Date(range.from), lt: new Date(range.to) };
  const planned = await ctx.db.post.findMany({
    where: { scheduledAt: window, state: { in: [...CALENDAR_STATES] } },
    select: SELECT,
    orderBy: { scheduledAt: "asc" },
    take: MAX_CALENDAR_POSTS,
  });
  const plannedPublished = planned.filter((p) => p.state === "PUBLISHED").map((p) => p.id);
  const handoffs = await ctx.db.publishHandoff.groupBy({
    by: ["postId"],
    where: { OR: [{ postId: { in: plannedPublished } }, { handedOffAt: window }] },
    _min: { handedOffAt: true },
  });
  const publishedAt = new Map(handoffs.map((h) => [h.postId, h._min.handedOffAt]));
  const plannedIds = new Set(planned.map((p) => p.id));
  const others = [...publishedAt.keys()].filter((id) => !plannedIds.has(id));
  const unplanned = others.length
    ? await ctx.db.post.findMany({ where: { id: { in: others }, scheduledAt: null, state: "PUBLISHED" }, select: SELECT, take: MAX_CALENDAR_POSTS })
    : [];
  return [...planned, ...unplanned]
    .map(({ currentRevision, ...p }) => {
      const published = publishedAt.get(p.id) ?? null;
      return { ...p, revision: currentRevision, publishedAt: published, at: (p.scheduledAt ?? published)! };
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}
