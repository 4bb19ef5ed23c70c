import { z } from "zod";
import type { RequestMeta } from "../context";
import { NO_REQUEST } from "../context";
import { can } from "../access/permissions";
import { loadTenantContexts } from "../access/load-tenant-context";
import { parseInput } from "../validate";
import { addDays, dayRangeIn, isCalendarDate } from "../time/zoned-dates";
import { listCalendarPosts, type CalendarPost } from "./list-calendar-posts";

const MAX_DAYS = 42;
const date = z.string().refine(isCalendarDate, "Use a date like 2026-12-01");
export const calendarDaysSchema = z
  .object({ first: date, last: date })
  .superRefine((d, ctx) => {
    if (!isCalendarDate(d.first) || !isCalendarDate(d.last)) return;
    if (d.last < d.first) ctx.addIssue({ code: "custom", path: ["last"], message: "The last day must not come before the first" });
    else if (addDays(d.first, MAX_DAYS - 1) < d.last) ctx.addIssue({ code: "custom", path: ["last"], message: "Ask for at most 6 weeks at a time" });
  });

export interface OrgCalendar {
  org: { slug: string; name: string; timeZone: string };
  /** Whether the person may move this org's approved and scheduled posts (schedulePost's permission). */
  mayMove: boolean;
  posts: CalendarPost[];
}

/**
 * The content calendar across every client org the person belongs to. Days are the orgs' own: for
 * each org, [first, last] runs from midnight to midnight in its time zone, and the posts are read
 * through that org's tenant context (one scoped client per org, as on the org's own calendar).
 */
export async function listCalendarPostsAcrossOrgs(userId: string, input: { first: string; last: string }, request: RequestMeta = NO_REQUEST): Promise<OrgCalendar[]> {
  const days = parseInput(calendarDaysSchema, input);
  const contexts = (await loadTenantContexts(userId, request)).filter((ctx) => can(ctx, "posts.view"));
  const out: OrgCalendar[] = [];
  for (const ctx of contexts) {
    const posts = await listCalendarPosts(ctx, dayRangeIn(days.first, days.last, ctx.org.timeZone));
    out.push({ org: { slug: ctx.org.slug, name: ctx.org.name, timeZone: ctx.org.timeZone }, mayMove: can(ctx, "posts.submit"), posts });
  }
  return out;
}
