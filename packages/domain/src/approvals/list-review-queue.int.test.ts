import { db } from "@vetted/db";
import { addMember } from "@vetted/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { createOrgWithMembers, type TestOrg } from "../testing";
import { createPost } from "../posts/create-post";
import { submitPost } from "../posts/submit-post";
import { updatePost } from "../posts/update-post";
import { runScanJob } from "../scans/run-scan-job";
import { decidePost } from "./decide-post";
import { listReviewQueue, listReviewQueuePage, nextInReviewQueue } from "./list-review-queue";
import { updateApprovalPolicy } from "./update-approval-policy";

// The review queue reads every org and post of the queue in a fixed number of queries (issue 16,
// bench:pages): what it shows must be what the one-post-at-a-time version showed.

const CLEAN = "Our flu shot clinic is open Saturday 9-1 in the main lobby. No appointment needed!";
const PHI = "Huge congratulations to Teodora Marinescu, home today after her kidney transplant at our center.";
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function inReview(org: TestOrg, title: string, text: string, opts: { scheduledAt?: string; channels?: ("FACEBOOK" | "X")[]; by?: "CONSULTANT" | "ADMIN" } = {}) {
  const { post } = await createPost(org.ctx[opts.by ?? "CONSULTANT"], { title, text, channels: opts.channels ?? ["FACEBOOK"], ...(opts.scheduledAt ? { scheduledAt: opts.scheduledAt } : {}) });
  const { scanJobId } = await submitPost(org.ctx[opts.by ?? "CONSULTANT"], { postId: post.id, revision: 1 });
  await runScanJob({ scanJobId, orgId: org.org.id });
  return post.id;
}

let a: TestOrg;
let b: TestOrg;
const ids: Record<string, string> = {};
const titles = (items: { post: { title: string } }[]) => items.map((i) => i.post.title);

beforeAll(async () => {
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
  // In b, a's officer is only staff: b's posts are not theirs to review.
  await addMember(b.org.id, a.users.COMPLIANCE_OFFICER.id, "STAFF");
  ids.phi = await inReview(a, "Transplant story", PHI, { scheduledAt: inDays(3) });
  ids.soon = await inReview(a, "Flu clinic on X", CLEAN, { scheduledAt: inDays(1), channels: ["X"] });
  ids.edited = await inReview(a, "Edited once", CLEAN);
  const { scanJobId } = await updatePost(a.ctx.CONSULTANT, { postId: ids.edited, revision: 1, text: `${CLEAN} Bring your card.` });
  await runScanJob({ scanJobId: scanJobId!, orgId: a.org.id });
  ids.admins = await inReview(a, "Written by the admin", CLEAN, { by: "ADMIN" });
  await inReview(b, "Another org's post", CLEAN);
});

describe("listReviewQueue", () => {
  it("lists the posts a reviewer may decide across their orgs, soonest first, with the scan's summary", async () => {
    const queue = await listReviewQueue(a.users.COMPLIANCE_OFFICER.id);
    expect(titles(queue).slice(0, 2)).toEqual(["Flu clinic on X", "Transplant story"]);
    expect(titles(queue).sort()).toEqual(["Edited once", "Flu clinic on X", "Transplant story", "Written by the admin"]);
    const phi = queue.find((i) => i.post.id === ids.phi)!;
    expect(phi).toMatchObject({ org: { slug: a.org.slug }, verdict: "block", step: 1, topFinding: { blocking: true }, author: a.users.CONSULTANT.name });
    expect(phi.findings.NAME).toBeGreaterThanOrEqual(1);
    expect(phi.waitingSince).toBeInstanceOf(Date);
    expect(queue.find((i) => i.post.id === ids.soon)).toMatchObject({ verdict: "allow", topFinding: null, findings: {} });
    expect(queue.find((i) => i.post.id === ids.edited)!.post.revision).toBe(2);
  });

  it("filters by org, channel, verdict and due time, and never lists the reviewer's own posts", async () => {
    const officer = a.users.COMPLIANCE_OFFICER.id;
    expect(titles(await listReviewQueue(officer, { risk: "block" }))).toEqual(["Transplant story"]);
    expect(titles(await listReviewQueue(officer, { channel: "X" }))).toEqual(["Flu clinic on X"]);
    expect(titles(await listReviewQueue(officer, { dueWithinHours: 48 }))).toEqual(["Flu clinic on X"]);
    expect(await listReviewQueue(officer, { org: b.org.slug })).toEqual([]);
    expect(titles(await listReviewQueue(a.users.ADMIN.id))).not.toContain("Written by the admin");
    expect(await listReviewQueue(a.users.CONSULTANT.id)).toEqual([]);
  });

  it("pages the same queue: the whole queue's order and total, each page's posts with their findings, out-of-range pages clamped", async () => {
    const officer = a.users.COMPLIANCE_OFFICER.id;
    const whole = await listReviewQueue(officer);
    const pages = await Promise.all([1, 2].map((page) => listReviewQueuePage(officer, {}, { page, size: 3 })));
    expect(pages.map((p) => [p.total, p.page, p.pages, p.from, p.to])).toEqual([[4, 1, 2, 1, 3], [4, 2, 2, 4, 4]]);
    expect(pages.flatMap((p) => p.items)).toEqual(whole);
    expect(await listReviewQueuePage(officer, {}, { page: "99", size: 3 })).toMatchObject({ page: 2, from: 4, to: 4 });
    expect(await listReviewQueuePage(officer, {}, { page: "not a number", size: 3 })).toMatchObject({ page: 1, from: 1, to: 3 });
    expect(await listReviewQueuePage(officer, { risk: "block" }, { size: 3 })).toMatchObject({ total: 1, items: [{ post: { id: ids.phi } }] });
    expect(await listReviewQueuePage(a.users.CONSULTANT.id, {}, { size: 3 })).toEqual({ total: 0, page: 1, pages: 1, items: [], from: 0, to: 0 });
  });

  it("finds the next post of the whole queue for the post page's shortcut: after this one, the first when it left the queue, none after the last", async () => {
    const officer = a.users.COMPLIANCE_OFFICER.id;
    const whole = await listReviewQueue(officer);
    const at = (i: number) => ({ orgSlug: whole[i]!.org.slug, postId: whole[i]!.post.id });
    expect(await nextInReviewQueue(officer, whole[0]!.post.id)).toEqual(at(1));
    expect(await nextInReviewQueue(officer, whole[2]!.post.id)).toEqual(at(3));
    expect(await nextInReviewQueue(officer, whole[3]!.post.id)).toBeNull();
    expect(await nextInReviewQueue(officer, "00000000-0000-4000-8000-000000000000")).toEqual(at(0));
    expect(await nextInReviewQueue(a.users.CONSULTANT.id, ids.phi!)).toBeNull();
  });

  it("moves a post to the reviewers of its next step once the current one is done", async () => {
    await updateApprovalPolicy(a.ctx.ADMIN, { steps: [{ mode: "ANY", roles: ["COMPLIANCE_OFFICER"] }, { mode: "ANY", roles: ["ADMIN"] }] });
    await decidePost(a.ctx.COMPLIANCE_OFFICER, { postId: ids.soon, revision: 1, decision: "APPROVE" });
    expect(titles(await listReviewQueue(a.users.COMPLIANCE_OFFICER.id))).not.toContain("Flu clinic on X");
    const admin = await listReviewQueue(a.users.ADMIN.id);
    expect(admin.find((i) => i.post.id === ids.soon)).toMatchObject({ step: 2 });
    // Step 1 is the officer's alone now: the admin does not see the posts still waiting there.
    expect(titles(admin)).not.toContain("Transplant story");
    expect(await db().post.count({ where: { orgId: a.org.id, state: "IN_REVIEW" } })).toBe(4);
  });
});
