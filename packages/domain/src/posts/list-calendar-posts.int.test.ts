import { db, type PostState } from "@vetted/db";
import { addMember } from "@vetted/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { listCalendarPosts } from "./list-calendar-posts";
import { listCalendarPostsAcrossOrgs } from "./list-calendar-posts-across-orgs";

// The content calendar's reads (issue 16): which posts, in which range, of which org. Posts are
// written straight to the database here (their state is what is tested, not how they got there).

const DEC = { from: "2026-12-01T00:00:00Z", to: "2027-01-01T00:00:00Z" };
let a: TestOrg;
let b: TestOrg;

async function post(org: TestOrg, state: PostState, scheduledAt: string | null, title: string = state) {
  return db().post.create({ data: { orgId: org.org.id, authorId: org.users.CONSULTANT.id, title, state, channels: ["FACEBOOK", "X"], scheduledAt: scheduledAt ? new Date(scheduledAt) : null, currentRevision: 2 } });
}

async function publishedAt(org: TestOrg, postId: string, at: string) {
  const revision = await db().postRevision.create({ data: { orgId: org.org.id, postId, number: 1, text: "Open house on Saturday", createdById: org.users.CONSULTANT.id } });
  await db().publishHandoff.create({ data: { orgId: org.org.id, postId, revisionId: revision.id, channel: "FACEBOOK", publisher: "test", handedOffAt: new Date(at) } });
}

beforeAll(async () => {
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
});

describe("listCalendarPosts", () => {
  it("lists the org's in-review, approved, scheduled and published posts of the range, by time; never drafts or rejected ones", async () => {
    const shown: Record<string, string> = {};
    for (const [state, at] of [["SCHEDULED", "2026-12-10T15:00:00Z"], ["APPROVED", "2026-12-03T15:00:00Z"], ["IN_REVIEW", "2026-12-20T15:00:00Z"], ["PUBLISHED", "2026-12-01T00:00:00Z"]] as const) {
      shown[state] = (await post(a, state, at)).id;
    }
    for (const state of ["DRAFT", "SCANNING", "CHANGES_REQUESTED", "REJECTED", "EXPIRED", "SCAN_FAILED"] as const) await post(a, state, "2026-12-15T15:00:00Z");
    await post(a, "SCHEDULED", null, "no time");

    const posts = await listCalendarPosts(a.ctx.STAFF, DEC);
    expect(posts.map((p) => p.state)).toEqual(["PUBLISHED", "APPROVED", "SCHEDULED", "IN_REVIEW"]);
    expect(posts.map((p) => p.id)).toEqual([shown.PUBLISHED, shown.APPROVED, shown.SCHEDULED, shown.IN_REVIEW]);
    expect(posts[2]).toEqual({
      id: shown.SCHEDULED, title: "SCHEDULED", state: "SCHEDULED", channels: ["FACEBOOK", "X"], revision: 2,
      scheduledAt: new Date("2026-12-10T15:00:00Z"), publishedAt: null, at: new Date("2026-12-10T15:00:00Z"),
    });
    // Titles only: no text, no author, nothing else of the post.
    expect(Object.keys(posts[0]!).sort()).toEqual(["at", "channels", "id", "publishedAt", "revision", "scheduledAt", "state", "title"]);
  });

  it("takes the start of the range and leaves out its end", async () => {
    const org = await createOrgWithMembers();
    const first = await post(org, "SCHEDULED", "2027-03-01T06:00:00Z");
    await post(org, "SCHEDULED", "2027-03-08T06:00:00Z");
    await post(org, "SCHEDULED", "2027-03-01T05:59:59.999Z");
    const posts = await listCalendarPosts(org.ctx.CONSULTANT, { from: "2027-03-01T06:00:00Z", to: "2027-03-08T06:00:00Z" });
    expect(posts.map((p) => p.id)).toEqual([first.id]);
  });

  it("places a published post at its scheduled time with its publication beside it, and one without a time at its publication", async () => {
    const org = await createOrgWithMembers();
    const planned = await post(org, "PUBLISHED", "2026-12-05T15:00:00Z", "planned");
    await publishedAt(org, planned.id, "2026-12-05T15:00:12Z");
    const imported = await post(org, "PUBLISHED", null, "imported");
    await publishedAt(org, imported.id, "2026-12-08T10:00:00Z");
    const outside = await post(org, "PUBLISHED", null, "last year");
    await publishedAt(org, outside.id, "2025-12-08T10:00:00Z");

    const posts = await listCalendarPosts(org.ctx.CONSULTANT, DEC);
    expect(posts.map((p) => [p.title, p.at.toISOString(), p.publishedAt?.toISOString()])).toEqual([
      ["planned", "2026-12-05T15:00:00.000Z", "2026-12-05T15:00:12.000Z"],
      ["imported", "2026-12-08T10:00:00.000Z", "2026-12-08T10:00:00.000Z"],
    ]);
  });

  it("reads one org only: org B's posts never appear in org A's calendar, nor A's in B's", async () => {
    const theirs = await post(b, "SCHEDULED", "2026-12-11T15:00:00Z", "org B's post");
    const theirsPublished = await post(b, "PUBLISHED", null, "org B's old post");
    await publishedAt(b, theirsPublished.id, "2026-12-12T10:00:00Z");
    const ids = (await listCalendarPosts(a.ctx.ADMIN, DEC)).map((p) => p.id);
    expect(ids).not.toContain(theirs.id);
    expect(ids).not.toContain(theirsPublished.id);
    expect((await listCalendarPosts(b.ctx.ADMIN, DEC)).map((p) => p.title).sort()).toEqual(["org B's old post", "org B's post"]);
  });

  it("refuses a malformed, reversed or longer than six weeks range, naming the field", async () => {
    const fieldsOf = async (range: { from: string; to: string }) => (await expectAppError(listCalendarPosts(a.ctx.STAFF, range), "VALIDATION") as unknown as { fields: Record<string, string[]> }).fields;
    expect(await fieldsOf({ from: "yesterday", to: DEC.to })).toHaveProperty("from");
    expect(await fieldsOf({ from: DEC.to, to: DEC.from })).toEqual({ to: ["The end must come after the start"] });
    // 42 days and an hour is the most (a clock change in the range); a second more is refused.
    expect(await fieldsOf({ from: "2026-12-01T00:00:00Z", to: "2027-01-12T01:00:01Z" })).toEqual({ to: ["Ask for at most 6 weeks at a time"] });
    expect(await fieldsOf({ from: "2026-12-01T00:00:00Z", to: "2026-12-01" })).toHaveProperty("to");
    // Six weeks of Chicago days across the November clock change: 42 days and an hour.
    await expect(listCalendarPosts(a.ctx.STAFF, { from: "2026-10-26T05:00:00Z", to: "2026-12-07T06:00:00Z" })).resolves.toBeInstanceOf(Array);
  });
});

describe("listCalendarPostsAcrossOrgs", () => {
  it("gathers every org of the person, each by its own days in its own time zone, and no other org", async () => {
    const [chicago, kolkata, stranger] = await Promise.all([createOrgWithMembers(), createOrgWithMembers(), createOrgWithMembers()]);
    await db().organization.update({ where: { id: chicago.org.id }, data: { timeZone: "America/Chicago" } });
    await db().organization.update({ where: { id: kolkata.org.id }, data: { timeZone: "Asia/Kolkata" } });
    const person = chicago.users.CONSULTANT;
    await addMember(kolkata.org.id, person.id, "STAFF");
    // 03:30 UTC on Jan 1 is New Year's Eve evening in Chicago and New Year's Day morning in Kolkata.
    const eve = await post(chicago, "SCHEDULED", "2027-01-01T03:30:00Z", "Chicago New Year's Eve");
    await post(kolkata, "SCHEDULED", "2027-01-01T03:30:00Z", "Kolkata New Year's Day");
    const kolkataEve = await post(kolkata, "APPROVED", "2026-12-31T12:00:00Z", "Kolkata New Year's Eve");
    await post(stranger, "SCHEDULED", "2026-12-31T15:00:00Z", "not the person's org");

    const orgs = await listCalendarPostsAcrossOrgs(person.id, { first: "2026-12-28", last: "2026-12-31" });
    expect(orgs.map((o) => o.org.slug).sort()).toEqual([chicago.org.slug, kolkata.org.slug].sort());
    const byOrg = Object.fromEntries(orgs.map((o) => [o.org.slug, o]));
    expect(byOrg[chicago.org.slug]).toMatchObject({ org: { timeZone: "America/Chicago" }, mayMove: true });
    expect(byOrg[chicago.org.slug]!.posts.map((p) => p.id)).toEqual([eve.id]);
    // In Kolkata the person is staff: they see the calendar but may not move its posts.
    expect(byOrg[kolkata.org.slug]).toMatchObject({ org: { timeZone: "Asia/Kolkata" }, mayMove: false });
    expect(byOrg[kolkata.org.slug]!.posts.map((p) => p.id)).toEqual([kolkataEve.id]);
  });

  it("refuses impossible or too many days, naming the field", async () => {
    const user = a.users.STAFF.id;
    const fieldsOf = async (days: { first: string; last: string }) => (await expectAppError(listCalendarPostsAcrossOrgs(user, days), "VALIDATION") as unknown as { fields: Record<string, string[]> }).fields;
    expect(await fieldsOf({ first: "2026-02-30", last: "2026-03-01" })).toEqual({ first: ["Use a date like 2026-12-01"] });
    expect(await fieldsOf({ first: "2026-12-10", last: "2026-12-01" })).toEqual({ last: ["The last day must not come before the first"] });
    expect(await fieldsOf({ first: "2026-12-01", last: "2027-01-12" })).toEqual({ last: ["Ask for at most 6 weeks at a time"] });
    await expect(listCalendarPostsAcrossOrgs(user, { first: "2026-12-01", last: "2027-01-11" })).resolves.toHaveLength(1);
  });
});
