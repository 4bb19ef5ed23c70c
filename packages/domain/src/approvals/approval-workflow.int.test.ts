import { db } from "@vetted/db";
import { createUser } from "@vetted/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { ROLES, createOrgWithMembers, createTenantContext, expectAppError, testPasswordHash, type TestOrg } from "../testing";
import { addMember } from "@vetted/db/testing";
import { createPost } from "../posts/create-post";
import { submitPost } from "../posts/submit-post";
import { updatePost } from "../posts/update-post";
import { schedulePost } from "../posts/schedule-post";
import { runScanJob } from "../scans/run-scan-job";
import { dismissFinding } from "../findings/dismiss-finding";
import { requestOverride } from "../findings/request-override";
import { decidePost } from "./decide-post";
import { updateApprovalPolicy } from "./update-approval-policy";

// The approval workflow through the domain functions, against the real database and the real
// text scanner (run in-process instead of through the worker).

const CLEAN = "Our flu shot clinic is open Saturday 9-1 in the main lobby. No appointment needed!";
const PHI = "Huge congratulations to Teodora Marinescu, home today after her kidney transplant at our center.";

async function inReview(org: TestOrg, text = CLEAN, opts: { scheduledAt?: string } = {}) {
  const { post } = await createPost(org.ctx.CONSULTANT, { title: "Test post", text, channels: ["FACEBOOK", "PRIVATE_GROUP"], ...opts });
  const { scanJobId } = await submitPost(org.ctx.CONSULTANT, { postId: post.id, revision: 1 });
  await runScanJob({ scanJobId, orgId: org.org.id });
  const fresh = await db().post.findFirstOrThrow({ where: { id: post.id, orgId: org.org.id } });
  expect(fresh.state).toBe("IN_REVIEW");
  return fresh;
}

/** Issue 10: an override names a preset reason and a justification for each standing blocking finding. */
async function reasonsFor(target: TestOrg, postId: string, justification: string) {
  const blocking = await db().finding.findMany({ where: { orgId: target.org.id, postId, blocking: true, dismissedAt: null } });
  return Object.fromEntries(blocking.map((f) => [f.id, { reasonCode: "OTHER", justification }]));
}

let org: TestOrg;
beforeAll(async () => {
  org = await createOrgWithMembers();
});

describe("who may do what", () => {
  it("only consultants and admins create and submit posts", async () => {
    for (const role of ["COMPLIANCE_OFFICER", "STAFF"] as const) {
      await expectAppError(createPost(org.ctx[role], { title: "t", text: CLEAN, channels: ["X"] }), "FORBIDDEN");
    }
    const { post } = await createPost(org.ctx.ADMIN, { title: "t", text: CLEAN, channels: ["X"] });
    for (const role of ["COMPLIANCE_OFFICER", "STAFF"] as const) {
      await expectAppError(submitPost(org.ctx[role], { postId: post.id, revision: 1 }), "FORBIDDEN");
    }
  });

  it("only eligible reviewers decide; consultants and staff cannot, whatever the decision", async () => {
    const post = await inReview(org);
    for (const role of ["CONSULTANT", "STAFF"] as const) {
      for (const decision of ["APPROVE", "REQUEST_CHANGES", "REJECT"] as const) {
        await expectAppError(decidePost(org.ctx[role], { postId: post.id, revision: 1, decision, comment: "x" }), "FORBIDDEN");
      }
    }
    const { post: approved } = await decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE" });
    expect(approved.state).toBe("APPROVED");
  });

  it("nobody approves their own post, not even an admin", async () => {
    const { post } = await createPost(org.ctx.ADMIN, { title: "Mine", text: CLEAN, channels: ["X"] });
    const { scanJobId } = await submitPost(org.ctx.ADMIN, { postId: post.id, revision: 1 });
    await runScanJob({ scanJobId, orgId: org.org.id });
    const e = await expectAppError(decidePost(org.ctx.ADMIN, { postId: post.id, revision: 1, decision: "APPROVE" }), "FORBIDDEN");
    expect(e.message).toMatch(/your own post/);
  });
});

describe("transitions through the domain", () => {
  it("forbidden transitions are refused with CONFLICT and change nothing", async () => {
    const { post } = await createPost(org.ctx.CONSULTANT, { title: "Draft", text: CLEAN, channels: ["X"] });
    await expectAppError(decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE" }), "CONFLICT");
    const reviewed = await inReview(org);
    await expectAppError(submitPost(org.ctx.CONSULTANT, { postId: reviewed.id, revision: 1 }), "CONFLICT");
    await decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: reviewed.id, revision: 1, decision: "REJECT", comment: "Off-brand" });
    await expectAppError(updatePost(org.ctx.CONSULTANT, { postId: reviewed.id, revision: 1, text: "new" }), "CONFLICT");
    await expectAppError(submitPost(org.ctx.CONSULTANT, { postId: reviewed.id, revision: 1 }), "CONFLICT");
    expect((await db().post.findFirstOrThrow({ where: { id: reviewed.id, orgId: org.org.id } })).state).toBe("REJECTED");
  });

  it("request changes needs a comment, sends the post back, and a fixed revision goes round again", async () => {
    const post = await inReview(org);
    await expectAppError(decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "REQUEST_CHANGES" }), "VALIDATION");
    const { post: back } = await decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "REQUEST_CHANGES", comment: "Mention the hours" });
    expect(back.state).toBe("CHANGES_REQUESTED");
    const { post: edited } = await updatePost(org.ctx.CONSULTANT, { postId: post.id, revision: 1, text: `${CLEAN} Hours 9-1.` });
    expect(edited).toMatchObject({ state: "CHANGES_REQUESTED", currentRevision: 2 });
    const { scanJobId } = await submitPost(org.ctx.CONSULTANT, { postId: post.id, revision: 2 });
    await runScanJob({ scanJobId, orgId: org.org.id });
    const { post: approved } = await decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 2, decision: "APPROVE" });
    expect(approved.state).toBe("APPROVED");
  });

  it("a stale revision is refused: submitting or deciding on what you did not see", async () => {
    const post = await inReview(org);
    await updatePost(org.ctx.CONSULTANT, { postId: post.id, revision: 1, text: `${CLEAN} Bring your card.` });
    await expectAppError(decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE" }), "CONFLICT");
    await expectAppError(updatePost(org.ctx.CONSULTANT, { postId: post.id, revision: 1, text: "again" }), "CONFLICT");
  });

  it("approval of a scheduled post schedules it; approvals close 5 minutes before the time", async () => {
    const soon = await inReview(org, CLEAN, { scheduledAt: new Date(Date.now() + 60 * 60_000).toISOString() });
    const { post } = await decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: soon.id, revision: 1, decision: "APPROVE" });
    expect(post.state).toBe("SCHEDULED");
    const late = await inReview(org, CLEAN, { scheduledAt: new Date(Date.now() + 60 * 60_000).toISOString() });
    await db().post.update({ where: { id: late.id, orgId: org.org.id }, data: { scheduledAt: new Date(Date.now() + 3 * 60_000) } });
    await expectAppError(decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: late.id, revision: 1, decision: "APPROVE" }), "CONFLICT");
  });
});

describe("scheduling an approved post", () => {
  it("sets the time without voiding approvals; too soon is refused", async () => {
    const post = await inReview(org);
    await decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE" });
    await expectAppError(schedulePost(org.ctx.CONSULTANT, { postId: post.id, revision: 1, scheduledAt: new Date(Date.now() + 60_000).toISOString() }), "VALIDATION");
    const scheduled = await schedulePost(org.ctx.CONSULTANT, { postId: post.id, revision: 1, scheduledAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(scheduled.state).toBe("SCHEDULED");
    expect(await db().approval.count({ where: { orgId: org.org.id, postId: post.id, voidedAt: null } })).toBe(1);
    await expectAppError(schedulePost(org.ctx.STAFF, { postId: post.id, revision: 1, scheduledAt: new Date(Date.now() + 7_200_000).toISOString() }), "FORBIDDEN");
  });
});

describe("blocking findings and overrides", () => {
  it("a post naming a patient with a diagnosis needs a compliance officer's written override", async () => {
    const post = await inReview(org, PHI);
    expect(await db().finding.count({ where: { orgId: org.org.id, postId: post.id, blocking: true } })).toBeGreaterThan(0);
    await expectAppError(decidePost(org.ctx.ADMIN, { postId: post.id, revision: 1, decision: "APPROVE", overrideJustification: "x".repeat(40) }), "FORBIDDEN");
    const missing = await expectAppError(decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE" }), "VALIDATION");
    expect(missing.message).toMatch(/override/);
    await expectAppError(decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE", overrideJustification: "ok" }), "VALIDATION");
    // Issue 10: a blanket justification without a reason per finding is no longer enough.
    await expectAppError(decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE", overrideJustification: "Signed authorization on file, patient asked to be featured." }), "VALIDATION");
    const { post: approved } = await decidePost(org.ctx.COMPLIANCE_OFFICER, {
      postId: post.id, revision: 1, decision: "APPROVE", overrideJustification: "Signed authorization on file, patient asked to be featured.",
      overrides: await reasonsFor(org, post.id, "Signed authorization on file"),
    });
    expect(approved.state).toBe("APPROVED");
    expect(await db().auditEvent.count({ where: { orgId: org.org.id, action: "post.override", targetId: post.id } })).toBe(1);
  });

  it("the author asks for an override: officers are notified, the post still needs their justification", async () => {
    const post = await inReview(org, PHI);
    const finding = await db().finding.findFirstOrThrow({ where: { orgId: org.org.id, postId: post.id, blocking: true } });
    await expectAppError(requestOverride(org.ctx.CONSULTANT, { findingId: finding.id, reason: "too short" }), "VALIDATION");
    await expectAppError(requestOverride(org.ctx.STAFF, { findingId: finding.id, reason: "Signed authorization is on file for this patient." }), "FORBIDDEN");
    await requestOverride(org.ctx.CONSULTANT, { findingId: finding.id, reason: "Signed authorization is on file for this patient." });
    expect(await db().notification.count({ where: { orgId: org.org.id, postId: post.id, kind: "override_requested", userId: org.users.COMPLIANCE_OFFICER.id } })).toBe(1);
    expect(await db().postComment.count({ where: { orgId: org.org.id, postId: post.id } })).toBe(1);
    await expectAppError(decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE" }), "VALIDATION");
  });

  it("blocking findings cannot be dismissed away: the officer's written override stays the only way", async () => {
    const post = await inReview(org, PHI);
    const blocking = await db().finding.findMany({ where: { orgId: org.org.id, postId: post.id, blocking: true } });
    for (const f of blocking) await expectAppError(dismissFinding(org.ctx.CONSULTANT, { findingId: f.id, reason: "Fictional character in a training scenario", addToAllowList: false }), "CONFLICT");
    await expectAppError(decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE" }), "VALIDATION");
    const { post: approved } = await decidePost(org.ctx.COMPLIANCE_OFFICER, {
      postId: post.id, revision: 1, decision: "APPROVE", overrideJustification: "Fictional character in a training scenario, no real patient.",
      overrides: await reasonsFor(org, post.id, "Fictional character, no real patient"),
    });
    expect(approved.state).toBe("APPROVED");
  });
});

describe("multi-step policies", () => {
  it("sequential ANY then ALL steps; an edit after an approval voids them all and rescans", async () => {
    const local = await createOrgWithMembers();
    const second = await createUser({ passwordHash: await testPasswordHash() });
    await addMember(local.org.id, second.id, "COMPLIANCE_OFFICER");
    const secondCtx = createTenantContext(local.org, second, "COMPLIANCE_OFFICER");
    await updateApprovalPolicy(local.ctx.ADMIN, {
      steps: [{ mode: "ANY", userIds: [local.users.ADMIN.id] }, { mode: "ALL", roles: ["COMPLIANCE_OFFICER"] }],
    });
    const post = await inReview(local);
    await expectAppError(decidePost(local.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE" }), "FORBIDDEN");
    expect((await decidePost(local.ctx.ADMIN, { postId: post.id, revision: 1, decision: "APPROVE" })).post.state).toBe("IN_REVIEW");
    expect((await decidePost(local.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE" })).post.state).toBe("IN_REVIEW");
    await expectAppError(decidePost(local.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE" }), "CONFLICT");

    const { post: edited, scanJobId } = await updatePost(local.ctx.CONSULTANT, { postId: post.id, revision: 1, text: `${CLEAN} See you there.` });
    expect(edited.state).toBe("SCANNING");
    expect(await db().approval.count({ where: { orgId: local.org.id, postId: post.id, voidedAt: null } })).toBe(0);
    await runScanJob({ scanJobId: scanJobId!, orgId: local.org.id });
    await expectAppError(decidePost(secondCtx, { postId: post.id, revision: 2, decision: "APPROVE" }), "FORBIDDEN");
    await decidePost(local.ctx.ADMIN, { postId: post.id, revision: 2, decision: "APPROVE" });
    await decidePost(local.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 2, decision: "APPROVE" });
    const { post: done } = await decidePost(secondCtx, { postId: post.id, revision: 2, decision: "APPROVE" });
    expect(done.state).toBe("APPROVED");
  });

  it("every role sees the same rules for every event (roles × events table)", async () => {
    const allowedToDecide = new Set(["ADMIN", "COMPLIANCE_OFFICER"]);
    for (const role of ROLES) {
      const post = await inReview(org);
      const attempt = decidePost(org.ctx[role], { postId: post.id, revision: 1, decision: "REJECT", comment: "no" });
      if (allowedToDecide.has(role)) expect((await attempt).post.state).toBe("REJECTED");
      else await expectAppError(attempt, "FORBIDDEN");
    }
  });
});
