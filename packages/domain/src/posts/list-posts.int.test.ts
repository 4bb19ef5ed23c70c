import { db, scopedDb } from "@vetted/db";
import { beforeAll, describe, expect, it } from "vitest";
import { createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { listPosts, POSTS_PER_PAGE } from "./list-posts";

// The post list is one raw statement (list-posts.ts): totals, filters, order and each post's latest
// verdict, for the org's own posts only.

let a: TestOrg;
let b: TestOrg;
const base = Date.parse("2026-06-01T12:00:00Z");
const at = (minutes: number) => new Date(base + minutes * 60_000);

async function post(org: TestOrg, i: number, data: { state?: "DRAFT" | "IN_REVIEW" | "APPROVED"; channels?: ("FACEBOOK" | "X" | "LINKEDIN")[]; scans?: { verdict: string; status?: "SUCCEEDED" | "FAILED"; finishedAt: Date }[] } = {}) {
  const s = scopedDb(org.org.id);
  const p = await s.post.create({
    data: { orgId: org.org.id, authorId: org.users.CONSULTANT.id, title: `List post ${i}`, state: data.state ?? "DRAFT", channels: data.channels ?? ["FACEBOOK"], updatedAt: at(i) },
  });
  for (const [n, scan] of (data.scans ?? []).entries()) {
    const r = await s.postRevision.create({ data: { orgId: org.org.id, postId: p.id, number: n + 1, text: "Clinic hours update", createdById: org.users.CONSULTANT.id } });
    await s.scanJob.create({ data: { orgId: org.org.id, postId: p.id, revisionId: r.id, status: scan.status ?? "SUCCEEDED", verdict: scan.verdict, finishedAt: scan.finishedAt } });
  }
  // updatedAt is @updatedAt: set it again after the revisions so the order is the test's.
  await s.post.update({ where: { id: p.id }, data: { updatedAt: at(i) } });
  return p;
}

beforeAll(async () => {
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
  for (let i = 0; i < POSTS_PER_PAGE + 5; i++) await post(a, i, { state: i % 5 === 0 ? "IN_REVIEW" : "DRAFT", channels: i % 3 === 0 ? ["X"] : ["FACEBOOK"] });
  await post(a, 1000, {
    state: "APPROVED", channels: ["LINKEDIN", "X"],
    scans: [{ verdict: "block", finishedAt: at(10) }, { verdict: "allow", finishedAt: at(20) }, { verdict: "review", status: "FAILED", finishedAt: at(30) }],
  });
  for (let i = 0; i < 3; i++) await post(b, 2000 + i, { state: "APPROVED", channels: ["LINKEDIN"] });
});

describe("listPosts", () => {
  it("pages the org's posts newest first, with the total, and nothing of another org", async () => {
    const first = await listPosts(a.ctx.STAFF, {});
    expect(first.total).toBe(POSTS_PER_PAGE + 6);
    expect(first.posts).toHaveLength(POSTS_PER_PAGE);
    expect(first.posts[0]!.title).toBe("List post 1000");
    expect(first.posts.map((p) => p.updatedAt.getTime())).toEqual([...first.posts.map((p) => p.updatedAt.getTime())].sort((x, y) => y - x));
    const second = await listPosts(a.ctx.STAFF, { page: "2" });
    expect(second).toMatchObject({ total: POSTS_PER_PAGE + 6, page: 2 });
    expect(second.posts.map((p) => p.title)).toEqual([5, 4, 3, 2, 1, 0].map((i) => `List post ${i}`));
    expect(new Set([...first.posts, ...second.posts].map((p) => p.id)).size).toBe(POSTS_PER_PAGE + 6);
    expect([...first.posts, ...second.posts].every((p) => p.orgId === a.org.id)).toBe(true);
  });

  it("gives each post its fields as stored and the verdict of its latest successful scan", async () => {
    const [top] = (await listPosts(a.ctx.STAFF, {})).posts;
    const stored = await scopedDb(a.org.id).post.findUniqueOrThrow({ where: { id: top!.id } });
    expect(top).toEqual({ ...stored, verdict: "allow" });
    expect((await listPosts(a.ctx.STAFF, { page: 2 })).posts.every((p) => p.verdict === null)).toBe(true);
  });

  it("filters by state and by channel, the total with them", async () => {
    const inReview = await listPosts(a.ctx.STAFF, { state: "IN_REVIEW" });
    expect(inReview.total).toBe(11);
    expect(inReview.posts.every((p) => p.state === "IN_REVIEW")).toBe(true);
    const onX = await listPosts(a.ctx.STAFF, { channel: "X" });
    expect(onX.total).toBe(19 + 1);
    expect(onX.posts.every((p) => p.channels.includes("X"))).toBe(true);
    expect((await listPosts(a.ctx.STAFF, { state: "APPROVED", channel: "LINKEDIN" })).posts.map((p) => p.title)).toEqual(["List post 1000"]);
    expect((await listPosts(b.ctx.STAFF, { state: "APPROVED" })).total).toBe(3);
  });

  it("answers a page past the end with the total and no posts; refuses a bad filter with a field error", async () => {
    expect(await listPosts(a.ctx.STAFF, { page: 99 })).toEqual({ total: POSTS_PER_PAGE + 6, page: 99, posts: [] });
    expect(await listPosts(a.ctx.STAFF, { state: "PUBLISHED", channel: "TIKTOK" })).toEqual({ total: 0, page: 1, posts: [] });
    await expectAppError(listPosts(a.ctx.STAFF, { state: "SHREDDED" }), "VALIDATION");
    expect(await db().post.count({ where: { orgId: b.org.id } })).toBe(3);
  });
});
