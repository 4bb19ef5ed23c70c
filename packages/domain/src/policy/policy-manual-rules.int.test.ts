import { db, disconnectDb, acrossOrgs, rawSql } from "@vetted/db";
import { addMember, createUser, withPgClient } from "@vetted/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateApprovalPolicy } from "../approvals/update-approval-policy";
import { deleteReplyTemplate } from "../moderation/delete-reply-template";
import { saveReplyTemplate } from "../moderation/save-reply-template";
import { updateOrgSettings } from "../orgs/update-org-settings";
import { auditEventsFor, createOrgWithMembers, createTenantContext, expectAppError, testPasswordHash, type TestOrg } from "../testing";
import type { TenantContext } from "../context";
import { approvePolicyVersion } from "./approve-policy-version";
import { downloadPolicyPdf } from "./download-policy-pdf";
import { getPolicyManual } from "./get-policy-manual";
import { getPolicyVersion } from "./get-policy-version";
import { listQuizQuestions } from "./list-quiz-questions";
import { readSections } from "./manual-sections";
import { returnPolicyVersion } from "./return-policy-version";
import { retireQuizQuestion, saveQuizQuestion } from "./save-quiz-question";
import { submitPolicyVersion } from "./submit-policy-version";
import { updatePolicyDraft } from "./update-policy-draft";
import { updatePolicyManualSettings } from "./update-policy-manual-settings";

// Settings changes propose versions, approved versions are immutable in the database, the quiz, and
// tenant isolation (org B's roles never reach org A's manual).

let a: TestOrg;
let b: TestOrg;
let officer2: TenantContext;
let approvedId: string;

/** Takes the open version through review to approval (admin submits, the second officer approves). */
async function approveOpen(): Promise<string> {
  const open = (await getPolicyManual(a.ctx.ADMIN)).open!;
  if (open.status === "DRAFT") await submitPolicyVersion(a.ctx.ADMIN, { versionId: open.id });
  await approvePolicyVersion(officer2, { versionId: open.id });
  return open.id;
}

beforeAll(async () => {
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
  const user = await createUser({ passwordHash: await testPasswordHash(), name: "Officer Two" });
  await addMember(a.org.id, user.id, "COMPLIANCE_OFFICER");
  officer2 = createTenantContext(a.org, user, "COMPLIANCE_OFFICER");
  approvedId = await approveOpen();
});
afterAll(() => disconnectDb());

const versions = () => db().policyManualVersion.findMany({ where: { orgId: a.org.id }, orderBy: { number: "asc" } });
const sectionOf = async (id: string, key: string) => readSections((await db().policyManualVersion.findFirstOrThrow({ where: { id, orgId: a.org.id } })).sections).find((s) => s.key === key)!;

describe("a settings change that alters a generated section", () => {
  it("proposes a new draft over the approved text, by settings:<what>, in the settings change's transaction", async () => {
    await updateApprovalPolicy(a.ctx.ADMIN, { steps: [{ mode: "ALL", roles: ["COMPLIANCE_OFFICER"] }], blockingTypes: ["HEALTH"] });
    const [v1, v2] = await versions();
    expect(v1).toMatchObject({ id: approvedId, status: "APPROVED" });
    expect(v2).toMatchObject({ number: 2, status: "DRAFT", proposedBy: "settings:approval_policy", createdById: a.users.ADMIN.id });
    expect((await sectionOf(v2!.id, "approval-workflow")).body).toContain("Blocking findings: health information");
    expect((await sectionOf(v1!.id, "approval-workflow")).body).not.toContain("health information");
    // The approved version's editable text is carried over.
    expect(await sectionOf(v2!.id, "sanctions")).toEqual(await sectionOf(v1!.id, "sanctions"));
    const [event] = await auditEventsFor(a.org.id, { action: "manual.version.proposed", targetId: v2!.id });
    expect(event!.metadata).toEqual({ number: 2, proposedBy: "settings:approval_policy" });
  });

  it("refreshes the open draft on the next change instead of forking it, and a change that alters nothing proposes nothing", async () => {
    const { id: templateId } = await saveReplyTemplate(a.ctx.COMPLIANCE_OFFICER, { name: "Move private", body: "Please call our front desk." });
    expect(await versions()).toHaveLength(2);
    const v2 = (await versions())[1]!;
    expect(v2.editedById).toBe(a.users.COMPLIANCE_OFFICER.id);
    expect((await sectionOf(v2.id, "reply-templates")).body).toContain('- Move private: "Please call our front desk."');
    const [event] = await auditEventsFor(a.org.id, { action: "manual.version.refreshed", targetId: v2.id });
    expect(event!.metadata).toEqual({ number: 2, what: "reply_templates", sections: ["reply-templates"], returnedToDraft: false });
    // Idle timeout is in no section.
    await updateOrgSettings(a.ctx.ADMIN, { idleTimeoutMinutes: "20" });
    expect(await auditEventsFor(a.org.id, { action: "manual.version.refreshed", targetId: v2.id })).toHaveLength(1);
    await deleteReplyTemplate(a.ctx.ADMIN, { templateId });
    expect((await sectionOf(v2.id, "reply-templates")).body).toContain("No reply template is approved yet");
  });

  it("sends a version in review back to draft, with the reason, when its settings change", async () => {
    const open = (await getPolicyManual(a.ctx.ADMIN)).open!;
    await submitPolicyVersion(a.ctx.ADMIN, { versionId: open.id });
    await updateOrgSettings(a.ctx.ADMIN, { firstResponseSlaMinutes: "120" });
    const row = (await versions()).find((v) => v.id === open.id)!;
    expect(row).toMatchObject({ status: "DRAFT", submittedById: null, editedById: a.users.ADMIN.id });
    expect(row.returnReason).toMatch(/settings changed while it was in review \(comment moderation settings\)/);
    expect((await sectionOf(open.id, "monitoring")).body).toContain("within 2 hours");
  });

  it("keeps the manual's own settings in step too, and an officer who changed them may not approve the result", async () => {
    await expectAppError(updatePolicyManualSettings(a.ctx.ADMIN, { ownerId: b.users.ADMIN.id }), "VALIDATION");
    const r = await updatePolicyManualSettings(a.ctx.COMPLIANCE_OFFICER, { ownerId: a.users.COMPLIANCE_OFFICER.id, quizPassPercent: "90" });
    expect(r.changed.sort()).toEqual(["ownerId", "quizPassPercent"]);
    expect(r.proposal).toMatchObject({ outcome: "refreshed", sections: ["training", "owner"] });
    const open = (await getPolicyManual(a.ctx.ADMIN)).open!;
    await submitPolicyVersion(a.ctx.ADMIN, { versionId: open.id });
    await expectAppError(approvePolicyVersion(a.ctx.COMPLIANCE_OFFICER, { versionId: open.id }), "FORBIDDEN");
    await approvePolicyVersion(officer2, { versionId: open.id });
    // With nothing open, the next change proposes version 3.
    await updateOrgSettings(a.ctx.ADMIN, { autoHideBlocking: "false" });
    expect((await versions()).map((v) => [v.number, v.status, v.proposedBy])).toEqual([
      [1, "APPROVED", "user"], [2, "APPROVED", "settings:approval_policy"], [3, "DRAFT", "settings:moderation"],
    ]);
  });

  it("refuses to approve a version whose generated sections no longer match the settings (an unwired change)", async () => {
    const open = (await getPolicyManual(a.ctx.ADMIN)).open!;
    await submitPolicyVersion(a.ctx.ADMIN, { versionId: open.id });
    await db().organization.update({ where: { id: a.org.id }, data: { commentRetentionDays: 3000 } });
    expect((await getPolicyVersion(officer2, { versionId: open.id })).staleSections).toEqual(["monitoring"]);
    await expectAppError(approvePolicyVersion(officer2, { versionId: open.id }), "CONFLICT");
    await returnPolicyVersion(officer2, { versionId: open.id, reason: "Refresh the retention" });
    expect((await sectionOf(open.id, "monitoring")).body).toContain("3000 days");
  });
});

describe("immutability in the database", () => {
  it("refuses any UPDATE of an approved version and any DELETE, for the app role and for the owner", async () => {
    const draftId = (await getPolicyManual(a.ctx.ADMIN)).open!.id;
    const app = rawSql(db(), acrossOrgs("test: the triggers refuse the app role"));
    await expect(app.execute`UPDATE "PolicyManualVersion" SET "changeSummary" = 'rewritten' WHERE id = ${approvedId}::uuid`).rejects.toThrow(/immutable/);
    await expect(app.execute`DELETE FROM "PolicyManualVersion" WHERE id = ${draftId}::uuid`).rejects.toThrow(/kept/);
    await withPgClient(async (owner) => {
      await expect(owner.query(`UPDATE "PolicyManualVersion" SET status = 'DRAFT' WHERE id = $1`, [approvedId])).rejects.toThrow(/immutable/);
      await expect(owner.query(`DELETE FROM "PolicyManualVersion" WHERE id = $1`, [approvedId])).rejects.toThrow(/kept/);
      await expect(owner.query(`TRUNCATE "PolicyManualVersion" CASCADE`)).rejects.toThrow(/kept/);
      // An approval that skips the hash or lets the author approve is refused by the CHECKs.
      await expect(owner.query(`UPDATE "PolicyManualVersion" SET status = 'APPROVED', "approvedById" = "createdById", "approvedAt" = now(), "effectiveAt" = now(), "contentSha256" = repeat('a', 64), "submittedById" = "createdById", "submittedAt" = now() WHERE id = $1`, [draftId])).rejects.toThrow(/four_eyes/);
      await expect(owner.query(`UPDATE "PolicyManualVersion" SET status = 'APPROVED', "approvedById" = gen_random_uuid(), "approvedAt" = now(), "submittedById" = "createdById", "submittedAt" = now() WHERE id = $1`, [draftId])).rejects.toThrow(/PolicyManualVersion_approved/);
    });
    const row = await db().policyManualVersion.findFirstOrThrow({ where: { id: approvedId, orgId: a.org.id } });
    expect(row.status).toBe("APPROVED");
  });

  it("allows one open version per org", async () => {
    const manual = await db().policyManual.findFirstOrThrow({ where: { orgId: a.org.id } });
    await expect(db().policyManualVersion.create({ data: { orgId: a.org.id, manualId: manual.id, number: 99, sections: [] } })).rejects.toThrow(/one_open|Unique constraint/);
  });
});

describe("the quiz", () => {
  it("refuses a question without answers (naming the field), and keeps a replaced question on record", async () => {
    const noAnswers = await expectAppError(saveQuizQuestion(a.ctx.ADMIN, { prompt: "What do you do with a PHI comment?" }), "VALIDATION");
    expect((noAnswers as unknown as { fields: Record<string, string[]> }).fields).toHaveProperty("choices");
    await expectAppError(saveQuizQuestion(a.ctx.STAFF, { prompt: "A staff question?", choices: ["A", "B"], correctIndex: 0 }), "FORBIDDEN");
    const q1 = await saveQuizQuestion(a.ctx.ADMIN, { prompt: "May you confirm a patient's visit?", choices: ["Yes", "No"], correctIndex: "1", sectionKey: "engagement" });
    const q2 = await saveQuizQuestion(a.ctx.COMPLIANCE_OFFICER, { questionId: q1.questionId, prompt: "May you confirm that someone is a patient?", choices: ["Yes", "No", "Only if they ask"], correctIndex: "1" });
    expect(q2.replaced).toBe(q1.questionId);
    expect((await listQuizQuestions(a.ctx.ADMIN)).map((q) => q.id)).toEqual([q2.questionId]);
    const old = await db().policyQuizQuestion.findFirstOrThrow({ where: { id: q1.questionId, orgId: a.org.id } });
    expect(old).toMatchObject({ active: false, replacedById: q2.questionId, prompt: "May you confirm a patient's visit?" });
    await expectAppError(saveQuizQuestion(a.ctx.ADMIN, { questionId: q1.questionId, prompt: "Edit a replaced one?", choices: ["A", "B"], correctIndex: 0 }), "CONFLICT");
    const app = rawSql(db(), acrossOrgs("test: the triggers refuse the app role"));
    await expect(app.execute`UPDATE "PolicyQuizQuestion" SET prompt = 'changed' WHERE id = ${q2.questionId}::uuid`).rejects.toThrow(/kept as asked/);
    await expect(app.execute`DELETE FROM "PolicyQuizQuestion" WHERE id = ${q1.questionId}::uuid`).rejects.toThrow(/kept as asked/);
    expect(await retireQuizQuestion(a.ctx.ADMIN, { questionId: q2.questionId })).toEqual({ questionId: q2.questionId, changed: true });
    expect(await listQuizQuestions(a.ctx.ADMIN)).toEqual([]);
    expect((await auditEventsFor(a.org.id, { action: "manual.quiz.saved" })).map((e) => e.metadata)).toEqual([
      { replaces: null, choices: 2, sectionKey: "engagement" },
      { replaces: q1.questionId, choices: 3, sectionKey: null },
    ]);
  });
});

describe("tenant isolation", () => {
  it("org B's roles get not-found for org A's versions and questions, and change nothing", async () => {
    const open = (await getPolicyManual(a.ctx.ADMIN)).open!;
    const q = await saveQuizQuestion(a.ctx.ADMIN, { prompt: "Who approves a post?", choices: ["Its author", "Another person"], correctIndex: 1 });
    const before = JSON.stringify(await versions());
    for (const role of ["ADMIN", "COMPLIANCE_OFFICER", "CONSULTANT", "STAFF"] as const) {
      const ctx = b.ctx[role];
      for (const versionId of [approvedId, open.id]) {
        await expectAppError(getPolicyVersion(ctx, { versionId }), "NOT_FOUND");
        await expectAppError(downloadPolicyPdf(ctx, { versionId }), "NOT_FOUND");
      }
      if (role === "ADMIN" || role === "COMPLIANCE_OFFICER") {
        await expectAppError(updatePolicyDraft(ctx, { versionId: open.id, sections: { sanctions: { body: "intruder" } } }), "NOT_FOUND");
        await expectAppError(submitPolicyVersion(ctx, { versionId: open.id }), "NOT_FOUND");
        await expectAppError(returnPolicyVersion(ctx, { versionId: open.id, reason: "intruder" }), "NOT_FOUND");
        await expectAppError(retireQuizQuestion(ctx, { questionId: q.questionId }), "NOT_FOUND");
        await expectAppError(saveQuizQuestion(ctx, { questionId: q.questionId, prompt: "Hijacked?", choices: ["A", "B"], correctIndex: 0 }), "NOT_FOUND");
      }
      if (role === "COMPLIANCE_OFFICER") await expectAppError(approvePolicyVersion(ctx, { versionId: open.id }), "NOT_FOUND");
      // Their own manual is theirs: it never lists org A's versions.
      const own = await getPolicyManual(ctx);
      expect(own.versions.map((v) => v.id)).not.toContain(approvedId);
    }
    expect(JSON.stringify(await versions())).toBe(before);
    expect(await db().policyQuizQuestion.findFirstOrThrow({ where: { id: q.questionId, orgId: a.org.id } })).toMatchObject({ active: true, replacedById: null });
  });
});
