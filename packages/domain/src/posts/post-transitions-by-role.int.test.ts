import { db, type PostState } from "@vetted/db";
import { beforeAll, describe, expect, it } from "vitest";
import { roleCan, type Action } from "../access/permissions";
import { decidePost } from "../approvals/decide-post";
import { addPostComment } from "./add-post-comment";
import { createPost } from "./create-post";
import { schedulePost } from "./schedule-post";
import { submitPost } from "./submit-post";
import { updatePost } from "./update-post";
import { runScanJob } from "../scans/run-scan-job";
import { ROLES, createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import type { TenantContext } from "../context";

// Every post operation, for every role, from every state: allowed exactly when the role's
// permission and the state machine both say so; otherwise FORBIDDEN (role) or CONFLICT (state).

const TEXT = "Our pharmacy team will be at the Saturday market with free blood pressure checks.";
let org: TestOrg;

/** A post of the consultant's brought into `state` through the real use cases (no direct writes). */
async function postIn(state: PostState): Promise<{ id: string; revision: number }> {
  const c = org.ctx.CONSULTANT;
  const { post } = await createPost(c, { title: "Matrix", text: TEXT, channels: ["INSTAGRAM"] });
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
