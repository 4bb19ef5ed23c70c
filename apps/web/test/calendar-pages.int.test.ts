import { db } from "@vetted/db";
import { createPost, decidePost, runScanJob, submitPost } from "@vetted/domain";
import { addDays, dateInZone, zonedLocalToIso } from "@vetted/domain/zoned-dates";
import { addMember } from "@vetted/db/testing";
import { createOrgWithMembers, type TestOrg } from "@vetted/domain/testing";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CalendarEntry } from "@/components/calendar/calendar-board";
import { form, importApp } from "./route-harness";

// The content calendar (issue 16) in-process: the move action's bad input is refused naming the
// field, a refused move changes nothing, a good one keeps the time of day and the approval; the two
// calendar pages render any period the URL names (a bad one as today's, with a notice).

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: "127.0.0.1", userAgent: "calendar-pages" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

type Result = { ok: boolean; data?: { state: string; scheduledAt: string }; error?: { code: string; message: string; fields?: Record<string, string[]> } };
type Move = (slug: string, prev: null, data: FormData) => Promise<Result>;
type Element = { props: Record<string, unknown> & { children?: Element } };
type Page = (props: { params?: Promise<Record<string, string>>; searchParams: Promise<Record<string, string | string[]>> }) => Promise<Element>;

const ZONE = "America/Chicago";
let org: TestOrg;
let move: Move;
const today = () => dateInZone(new Date(), ZONE);
const nineAm = (days: number) => zonedLocalToIso(`${addDays(today(), days)}T09:00`, ZONE);

async function actAs(userId: string) {
  const session = await db().userSession.create({ data: { userId, idleMinutes: 60 } });
  acting.userId = userId;
  acting.sessionId = session.id;
}

/** A clean post with a time, scanned in-process and approved by the officer: SCHEDULED. */
async function scheduledPost(title: string, days: number) {
  const { post } = await createPost(org.ctx.CONSULTANT, { title, text: "Our flu shot clinic is open Saturday 9-1 in the main lobby.", channels: ["FACEBOOK"], scheduledAt: nineAm(days) });
  const { scanJobId } = await submitPost(org.ctx.CONSULTANT, { postId: post.id, revision: 1 });
  await runScanJob({ scanJobId, orgId: org.org.id });
  const { post: approved } = await decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE" });
  expect(approved.state).toBe("SCHEDULED");
  return post.id;
}

beforeAll(async () => {
  org = await createOrgWithMembers();
  await db().organization.update({ where: { id: org.org.id }, data: { timeZone: ZONE } });
  move = ((await importApp("orgs/[orgSlug]/calendar/actions.ts")) as { movePostAction: Move }).movePostAction;
});

describe("movePostAction", () => {
  it("refuses bad input naming each field, and changes nothing", async () => {
    const postId = await scheduledPost("Bad input", 3);
    await actAs(org.users.CONSULTANT.id);
    const cases: [Record<string, string>, string][] = [
      [{ postId, revision: "1" }, "toDate"],
      [{ postId, revision: "1", toDate: "next tuesday" }, "toDate"],
      [{ postId, revision: "1", toDate: "2027-02-30" }, "toDate"],
      [{ postId: "1 OR 1=1", revision: "1", toDate: addDays(today(), 5) }, "postId"],
      [{ postId, revision: "zero", toDate: addDays(today(), 5) }, "revision"],
      [{ postId, toDate: addDays(today(), 5) }, "revision"],
    ];
    for (const [fields, field] of cases) {
      const result = await move(org.org.slug, null, form(fields));
      expect(result, JSON.stringify(fields)).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
      expect(result.error?.fields?.[field]?.length, `${field} in ${JSON.stringify(result)}`).toBeGreaterThan(0);
    }
    expect(await db().post.findFirstOrThrow({ where: { id: postId, orgId: org.org.id } })).toMatchObject({ state: "SCHEDULED", scheduledAt: new Date(nineAm(3)) });
  });

  it("moves a scheduled post to another day at 9:00 in the org's zone, approval kept; a day in the past is refused with the reason", async () => {
    const postId = await scheduledPost("Good move", 2);
    await actAs(org.users.CONSULTANT.id);
    const refused = await move(org.org.slug, null, form({ postId, revision: "1", toDate: addDays(today(), -2) }));
    expect(refused).toMatchObject({ ok: false, error: { code: "VALIDATION", fields: { scheduledAt: [expect.stringMatching(/at least 5 minutes from now/)] } } });
    const moved = await move(org.org.slug, null, form({ postId, revision: "1", toDate: addDays(today(), 9) }));
    expect(moved).toEqual({ ok: true, message: "Moved", data: { state: "SCHEDULED", scheduledAt: nineAm(9) } });
    expect(await db().approval.count({ where: { orgId: org.org.id, postId, voidedAt: null } })).toBe(1);
  });
});

describe("calendar pages", () => {
  it("the org's calendar shows its posts on their day in the org's zone, movable by those who schedule", async () => {
    const postId = await scheduledPost("On the calendar", 1);
    const page = (await importApp("orgs/[orgSlug]/calendar/page.tsx")).default as Page;
    await actAs(org.users.CONSULTANT.id);
    const frame = await page({ params: Promise.resolve({ orgSlug: org.org.slug }), searchParams: Promise.resolve({ month: addDays(today(), 1).slice(0, 7) }) });
    const entry = (frame.props.entries as CalendarEntry[]).find((e) => e.postId === postId);
    expect(entry).toMatchObject({ title: "On the calendar", state: "SCHEDULED", date: addDays(today(), 1), movable: true, channels: "Facebook", href: `/orgs/${org.org.slug}/posts/${postId}` });
    expect(entry!.time).toMatch(/^9:00\sAM C[SD]T$/);
    // Staff see the calendar but may not move posts.
    await actAs(org.users.STAFF.id);
    const staff = await page({ params: Promise.resolve({ orgSlug: org.org.slug }), searchParams: Promise.resolve({ month: addDays(today(), 1).slice(0, 7) }) });
    expect((staff.props.entries as CalendarEntry[]).find((e) => e.postId === postId)).toMatchObject({ movable: false, fixed: expect.stringMatching(/role/) });
  });

  it("renders a bad or repeated period as today's with a notice, never an error", async () => {
    await actAs(org.users.ADMIN.id);
    const orgPage = (await importApp("orgs/[orgSlug]/calendar/page.tsx")).default as Page;
    const allPage = (await importApp("calendar/page.tsx")).default as Page;
    const periods: Record<string, string | string[]>[] = [{ month: "2026-13" }, { week: "2026-W99" }, { month: ["2026-11", "2026-12"] }, { week: "x".repeat(5000) }, { month: "2026-12\u0000" }];
    for (const searchParams of periods) {
      const frame = await orgPage({ params: Promise.resolve({ orgSlug: org.org.slug }), searchParams: Promise.resolve(searchParams) });
      expect(frame.props.period, JSON.stringify(searchParams).slice(0, 40)).toMatchObject({ notice: expect.stringMatching(/must look like/) });
      const shell = await allPage({ searchParams: Promise.resolve(searchParams) });
      expect(shell.props.children!.props.period).toMatchObject({ notice: expect.stringMatching(/must look like/) });
    }
  });

  it("the cross-client calendar gathers the person's orgs, each post labelled with its org and in its org's zone", async () => {
    const other = await createOrgWithMembers();
    await db().organization.update({ where: { id: other.org.id }, data: { timeZone: "Asia/Kolkata" } });
    await addMember(other.org.id, org.users.CONSULTANT.id, "CONSULTANT");
    const ours = await scheduledPost("Chicago post", 4);
    const { post: theirs } = await createPost(other.ctx.CONSULTANT, { title: "Kolkata post", text: "Open day", channels: ["X"], scheduledAt: nineAm(4) });
    await db().post.update({ where: { id: theirs.id, orgId: other.org.id }, data: { state: "APPROVED" } });
    const stranger = await createOrgWithMembers();
    const { post: strangers } = await createPost(stranger.ctx.CONSULTANT, { title: "Not theirs", text: "Open day", channels: ["X"], scheduledAt: nineAm(4) });
    await db().post.update({ where: { id: strangers.id, orgId: stranger.org.id }, data: { state: "SCHEDULED" } });

    await actAs(org.users.CONSULTANT.id);
    const allPage = (await importApp("calendar/page.tsx")).default as Page;
    const shell = await allPage({ searchParams: Promise.resolve({ month: addDays(today(), 4).slice(0, 7) }) });
    const entries = shell.props.children!.props.entries as CalendarEntry[];
    const ids = entries.map((e) => e.postId);
    expect(ids).toEqual(expect.arrayContaining([ours, theirs.id]));
    expect(ids).not.toContain(strangers.id);
    const kolkata = entries.find((e) => e.postId === theirs.id)!;
    // 9:00 in Chicago is 20:30 (or 19:30 in summer) in Kolkata: the entry is shown in Kolkata's time, named.
    expect(kolkata).toMatchObject({ orgSlug: other.org.slug, orgName: other.org.name, key: `${other.org.slug}/${theirs.id}`, movable: true });
    expect(kolkata.time).toMatch(/^[78]:30\sPM GMT\+5:30$/);
    expect(entries.find((e) => e.postId === ours)).toMatchObject({ orgName: org.org.name, time: expect.stringMatching(/^9:00\sAM C[SD]T$/) });
  });
});
