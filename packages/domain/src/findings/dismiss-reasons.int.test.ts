import { db } from "@vetted/db";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { createPost } from "../posts/create-post";
import { getPost } from "../posts/get-post";
import { submitPost } from "../posts/submit-post";
import { runScanJob } from "../scans/run-scan-job";
import { updateApprovalPolicy } from "../approvals/update-approval-policy";
import { dismissFinding } from "./dismiss-finding";

// Issue 10, item 1: a dismissal names a preset reason; free text is required only for "Other". The
// row keeps the code and the text; the audit trail keeps the code only (the text may name someone).

const TEXT = "Shared with his permission: Jonah Whitfield is home after his knee replacement!";
const FREE_TEXT = "Jonah Whitfield runs our volunteer desk on Tuesdays";

let org: TestOrg;
beforeAll(async () => {
  org = await createOrgWithMembers();
  // Only IDs block in this org, so the name is a non-blocking finding whatever the scanner's verdict.
  await updateApprovalPolicy(org.ctx.ADMIN, { steps: [{ mode: "ANY", roles: ["COMPLIANCE_OFFICER", "ADMIN"] }], blockingTypes: ["ID"] });
});

async function nameFinding() {
  const { post } = await createPost(org.ctx.CONSULTANT, { title: "Dismiss reasons", text: TEXT, channels: ["FACEBOOK"] });
  const { scanJobId } = await submitPost(org.ctx.CONSULTANT, { postId: post.id, revision: 1 });
  await runScanJob({ scanJobId, orgId: org.org.id });
  const finding = await db().finding.findFirstOrThrow({ where: { orgId: org.org.id, postId: post.id, type: "NAME", blocking: false } });
  return { post, finding };
}
const row = (id: string) => db().finding.findFirstOrThrow({ where: { id, orgId: org.org.id } });
const auditOf = async (findingId: string) => (await auditEventsFor(org.org.id, { action: "finding.dismissed", targetId: findingId }))[0];

describe("preset dismissal reasons", () => {
  it("a preset alone is enough: the row keeps the code, the audit records it", async () => {
    const { finding } = await nameFinding();
    await dismissFinding(org.ctx.CONSULTANT, { findingId: finding.id, reasonCode: "STAFF_NAME" });
    expect(await row(finding.id)).toMatchObject({ dismissReasonCode: "STAFF_NAME", dismissReason: null, dismissedById: org.users.CONSULTANT.id });
    expect((await auditOf(finding.id))?.metadata).toMatchObject({ reasonCode: "STAFF_NAME", type: "NAME" });
  });

  it("free text beside a preset is stored on the finding and never copied into the audit trail", async () => {
    const { post, finding } = await nameFinding();
    await dismissFinding(org.ctx.COMPLIANCE_OFFICER, { findingId: finding.id, reasonCode: "PUBLIC_FIGURE", reason: FREE_TEXT });
    expect(await row(finding.id)).toMatchObject({ dismissReasonCode: "PUBLIC_FIGURE", dismissReason: FREE_TEXT });
    const event = await auditOf(finding.id);
    expect(event?.metadata).toMatchObject({ reasonCode: "PUBLIC_FIGURE" });
    expect(JSON.stringify(event)).not.toContain("Whitfield");
    expect(JSON.stringify(event)).not.toContain("volunteer desk");
    const detail = await getPost(org.ctx.CONSULTANT, post.id);
    expect(detail.dismissals).toEqual([expect.objectContaining({ findingId: finding.id, reasonCode: "PUBLIC_FIGURE", reason: FREE_TEXT })]);
  });

  it('"Other" needs an explanation of at least 10 characters', async () => {
    const { finding } = await nameFinding();
    for (const reason of [undefined, "", "   ", "too short"]) {
      const e = await expectAppError(dismissFinding(org.ctx.CONSULTANT, { findingId: finding.id, reasonCode: "OTHER", reason }), "VALIDATION");
      expect((e as unknown as { fields: Record<string, string[]> }).fields.reason?.[0]).toMatch(/explain/i);
    }
    expect((await row(finding.id)).dismissedAt).toBeNull();
    await dismissFinding(org.ctx.CONSULTANT, { findingId: finding.id, reasonCode: "OTHER", reason: FREE_TEXT });
    expect(await row(finding.id)).toMatchObject({ dismissReasonCode: "OTHER", dismissReason: FREE_TEXT });
  });

  it("an unknown preset is refused by name; a free-text-only request is read as Other", async () => {
    const { finding } = await nameFinding();
    const e = await expectAppError(dismissFinding(org.ctx.CONSULTANT, { findingId: finding.id, reasonCode: "BECAUSE", reason: FREE_TEXT }), "VALIDATION");
    expect((e as unknown as { fields: Record<string, string[]> }).fields.reasonCode).toBeDefined();
    await dismissFinding(org.ctx.CONSULTANT, { findingId: finding.id, reason: FREE_TEXT });
    expect(await row(finding.id)).toMatchObject({ dismissReasonCode: "OTHER", dismissReason: FREE_TEXT });
    expect((await auditOf(finding.id))?.metadata).toMatchObject({ reasonCode: "OTHER" });
  });
});
