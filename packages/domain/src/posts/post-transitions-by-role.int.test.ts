import { db, type PostState } from "@vetted/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roleCan, type Action } from "../access/permissions";
import { decidePost } from "../approvals/decide-post";
import { addPostComment } from "./add-post-comment";
import { createPost } from "./create-post";
import { schedulePost } from "./schedule-post";
import { submitPost } from "./submit-post";
import { updatePost } from "./update-post";
import { runScanJob } from "../scans/run-scan-job";
import { dismissFinding } from "../findings/dismiss-finding";
import { ROLES, createOrgWithMembers, createTenantContext, expectAppError, type TestOrg } from "../testing";
import type { TenantContext } from "../context";

// Every post operation, for every role, from every state: allowed exactly when the role's
// permission and the state machine both say so; otherwise FORBIDDEN (role) or CONFLICT (state).

const TEXT = "Our pharmacy team will be at the Saturday market with free blood pressure checks.";
let org: TestOrg;

/** A post of the consultant's brought into `state` through the real use cases (no direct writes). */
async function postIn(state: PostState): Promise<{ id: string; revision: number }> {
  const c = org.ctx.CONSULTANT;
  const { post } = await createPost(c, { title: "Matrix", text: TEXT, channels: ["FACEBOOK"] });
  if (state === "DRAFT") return { id: post.id, revision: 1 };
  const { scanJobId } = await submitPost(c, { postId: post.id, revision: 1 });
  if (state === "SCANNING") return { id: post.id, revision: 1 };
  await runScanJob({ scanJobId, orgId: org.org.id });
  if (state === "IN_REVIEW") return { id: post.id, revision: 1 };
  const officer = org.ctx.COMPLIANCE_OFFICER;
  if (state === "CHANGES_REQUESTED" || state === "REJECTED") {
    await decidePost(officer, { postId: post.id, revision: 1, decision: state === "REJECTED" ? "REJECT" : "REQUEST_CHANGES", comment: "Please adjust" });
    return { id: post.id, revision: 1 };
  }
  await decidePost(officer, { postId: post.id, revision: 1, decision: "APPROVE" });
  if (state === "APPROVED") return { id: post.id, revision: 1 };
  await schedulePost(c, { postId: post.id, revision: 1, scheduledAt: new Date(Date.now() + 3_600_000).toISOString() });
  return { id: post.id, revision: 1 };
}

type Op = { name: string; needs: Action; okFrom: PostState[]; run: (ctx: TenantContext, p: { id: string; revision: number }) => Promise<unknown> };
const OPS: Op[] = [
  { name: "edit", needs: "posts.edit", okFrom: ["DRAFT", "SCANNING", "IN_REVIEW", "CHANGES_REQUESTED", "APPROVED", "SCHEDULED"], run: (ctx, p) => updatePost(ctx, { postId: p.id, revision: p.revision, text: `${TEXT} (${ctx.role})` }) },
  { name: "submit", needs: "posts.submit", okFrom: ["DRAFT", "CHANGES_REQUESTED"], run: (ctx, p) => submitPost(ctx, { postId: p.id, revision: p.revision }) },
  { name: "approve", needs: "posts.review", okFrom: ["IN_REVIEW"], run: (ctx, p) => decidePost(ctx, { postId: p.id, revision: p.revision, decision: "APPROVE" }) },
  { name: "request changes", needs: "posts.review", okFrom: ["IN_REVIEW"], run: (ctx, p) => decidePost(ctx, { postId: p.id, revision: p.revision, decision: "REQUEST_CHANGES", comment: "x" }) },
  { name: "reject", needs: "posts.review", okFrom: ["IN_REVIEW"], run: (ctx, p) => decidePost(ctx, { postId: p.id, revision: p.revision, decision: "REJECT", comment: "x" }) },
  { name: "schedule", needs: "posts.submit", okFrom: ["APPROVED", "SCHEDULED"], run: (ctx, p) => schedulePost(ctx, { postId: p.id, revision: p.revision, scheduledAt: new Date(Date.now() + 7_200_000).toISOString() }) },
  { name: "comment", needs: "posts.comment", okFrom: ["DRAFT", "SCANNING", "IN_REVIEW", "CHANGES_REQUESTED", "APPROVED", "SCHEDULED", "REJECTED"], run: (ctx, p) => addPostComment(ctx, { postId: p.id, body: "note" }) },
];
const STATES: PostState[] = ["DRAFT", "SCANNING", "IN_REVIEW", "CHANGES_REQUESTED", "REJECTED", "APPROVED", "SCHEDULED"];

beforeAll(async () => {
  org = await createOrgWithMembers();
});

describe("post operations by role and state", () => {
  for (const op of OPS) {
    for (const role of ROLES) {
      it(`${op.name} as ${role}`, async () => {
        for (const state of STATES) {
          const post = await postIn(state);
          const attempt = op.run(org.ctx[role], post);
          if (!roleCan(role, op.needs)) {
            await expectAppError(attempt, "FORBIDDEN");
          } else if (!op.okFrom.includes(state)) {
            await expectAppError(attempt, "CONFLICT");
          } else {
            await expect(attempt, `${op.name} as ${role} from ${state}`).resolves.toBeTruthy();
          }
          // A refused operation leaves the post as it was.
          if (!roleCan(role, op.needs) || !op.okFrom.includes(state)) {
            const after = await db().post.findFirstOrThrow({ where: { id: post.id, orgId: org.org.id } });
            expect(after.state, `${op.name} as ${role} from ${state}`).toBe(state);
          }
        }
      });
    }
  }
});

// Separation of duties on findings (security issue 14, finding 2): the author must not be able to
// clear what blocks their own post, nor teach the scanner to ignore it.
const BLOCKING_TEXT = "Huge congratulations to Teodora Marinescu, home today after her kidney transplant at our center.";
// Its name finding is not blocking under this describe's policy (health details block, names do not).
const REVIEW_TEXT = "Shared with his permission: Jonah Whitfield is home after his knee replacement!";

async function scannedPost(text: string) {
  const { post } = await createPost(org.ctx.CONSULTANT, { title: "Duties", text, channels: ["FACEBOOK"] });
  const { scanJobId } = await submitPost(org.ctx.CONSULTANT, { postId: post.id, revision: 1 });
  await runScanJob({ scanJobId, orgId: org.org.id });
  const findings = await db().finding.findMany({ where: { orgId: org.org.id, postId: post.id } });
  return { id: post.id, findings };
}

async function unchanged(postId: string) {
  const after = await db().post.findFirstOrThrow({ where: { id: postId, orgId: org.org.id } });
  expect(after.state).toBe("IN_REVIEW");
  expect(await db().finding.count({ where: { orgId: org.org.id, postId, dismissedAt: { not: null } } })).toBe(0);
  expect(await db().scanAllowTerm.count({ where: { orgId: org.org.id } })).toBe(0);
}

describe("findings: separation of duties by role", () => {
  // Health details block, names do not: which findings block is the org's rule here, not the
  // scanner's verdict on these sentences (which changes as the scanner learns).
  beforeAll(async () => {
    await db().approvalPolicy.create({ data: { orgId: org.org.id, steps: [{ mode: "ANY", userIds: [], roles: ["COMPLIANCE_OFFICER"] }], blockingTypes: ["HEALTH"] } });
  });
  afterAll(async () => {
    await db().approvalPolicy.deleteMany({ where: { orgId: org.org.id } });
  });

  for (const role of ROLES) {
    it(`dismissing a blocking finding as ${role} is refused and changes nothing`, async () => {
      const post = await scannedPost(BLOCKING_TEXT);
      const finding = post.findings.find((f) => f.blocking)!;
      await expectAppError(dismissFinding(org.ctx[role], { findingId: finding.id, reason: "This is not PHI, just a story" }), roleCan(role, "findings.dismiss") ? "CONFLICT" : "FORBIDDEN");
      await unchanged(post.id);
    });
  }

  for (const role of ROLES) {
    it(`adding a term to the allow list as ${role}: only a compliance officer may`, async () => {
      const post = await scannedPost(REVIEW_TEXT);
      const finding = post.findings.find((f) => !f.blocking && f.type === "NAME")!;
      const attempt = dismissFinding(org.ctx[role], { findingId: finding.id, reason: "Our volunteer, asked to be featured", addToAllowList: true });
      if (role !== "COMPLIANCE_OFFICER") {
        expect(roleCan(role, "scanner.allowList")).toBe(false);
        await expectAppError(attempt, "FORBIDDEN");
        await unchanged(post.id);
        return;
      }
      await expect(attempt).resolves.toMatchObject({ dismissedById: org.users.COMPLIANCE_OFFICER.id });
      expect(await db().scanAllowTerm.count({ where: { orgId: org.org.id, createdById: org.users.COMPLIANCE_OFFICER.id } })).toBe(1);
      await db().scanAllowTerm.deleteMany({ where: { orgId: org.org.id } });
    });
  }

  it("the author cannot override their own post's findings, even after becoming a compliance officer", async () => {
    const post = await scannedPost(BLOCKING_TEXT);
    const justification = "Signed authorization on file, the patient asked to be featured.";
    await expectAppError(decidePost(org.ctx.CONSULTANT, { postId: post.id, revision: 1, decision: "APPROVE", overrideJustification: justification }), "FORBIDDEN");
    // The same user with the officer's role (e.g. promoted after writing the post).
    const promoted = createTenantContext(org.org, org.users.CONSULTANT, "COMPLIANCE_OFFICER");
    await expectAppError(decidePost(promoted, { postId: post.id, revision: 1, decision: "APPROVE", overrideJustification: justification }), "FORBIDDEN");
    await unchanged(post.id);
    expect(await db().approval.count({ where: { orgId: org.org.id, postId: post.id } })).toBe(0);
  });
});
