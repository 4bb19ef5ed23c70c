import { randomUUID } from "node:crypto";
import { db } from "@vetted/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportGroupPost } from "../groups/report-group-post";
import { resolveGroupReport } from "../groups/resolve-group-report";
import { openIncident } from "../incidents/open-incident";
import { outboxMailsTo } from "../mail/mails-to";
import { sealField } from "../moderation/moderation-crypto";
import { connectTestAccount } from "../moderation/moderation-test-helpers";
import { NOTIFICATION_KINDS } from "../notifications/notify";
import { createPost } from "../posts/create-post";
import { submitPost } from "../posts/submit-post";
import { runScanJob } from "../scans/run-scan-job";
import { useOfflineScanProducer } from "../scans/test-producers";
import { auditEventsFor, createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { assignCoaching } from "./assign-coaching";
import { ensureTestManual } from "./ack-test-helpers";
import { answerMyCoaching, listMyCoaching, openMyCoaching } from "./my-coaching";
import { getTrainingHistory } from "./training-reports";

// Coaching after PHI: a blocked post, a group report resolved as PHI, an incident for a staff comment
// each give the member one assignment (section of the manual in effect + one quiz question), which
// they complete in the app. Our own sentences.
const POST_PHI = "Wishing a speedy recovery to Tomasz Kowalczyk after his bypass surgery";
const GROUP_PHI = "Rough shift: Marguerite Okonkwo in bed 9 went septic after her hip replacement. Thinking of her family.";
const CLEAN = "Reminder: the staff potluck moved to Friday in the cafeteria.";

let a: TestOrg;
let b: TestOrg;
let restoreProducer: () => Promise<void>;
let questions: Awaited<ReturnType<typeof ensureTestManual>>["questions"];

const SECTIONS = ["scope", "definitions", "personal-use", "patient-content", "engagement"].map((key) => ({ key, title: `Title of ${key}`, body: `What ${key} says.`, generated: false }));

beforeAll(async () => {
  restoreProducer = useOfflineScanProducer();
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
  const quiz = [
    { prompt: "Which of these is PHI?", choices: ["A patient's name with their diagnosis", "The clinic's opening hours"], correctIndex: 0, sectionKey: "definitions" },
    { prompt: "May you discuss a patient in a staff group?", choices: ["Yes, it is private", "No"], correctIndex: 1, sectionKey: "personal-use" },
    { prompt: "How do you answer a patient's public comment?", choices: ["Confirm their visit", "Thank them without confirming anything"], correctIndex: 1, sectionKey: "engagement" },
  ];
  const manual = await ensureTestManual(a, { questions: quiz });
  questions = manual.questions;
  const now = new Date();
  await db().policyManualVersion.create({
    data: {
      orgId: a.org.id, manualId: manual.manual.id, number: 1, status: "APPROVED", sections: SECTIONS, createdById: a.users.ADMIN.id, submittedById: a.users.ADMIN.id,
      submittedAt: now, approvedById: a.users.COMPLIANCE_OFFICER.id, approvedAt: now, effectiveAt: new Date(now.getTime() - 1000), contentSha256: "b".repeat(64),
    },
  });
});

afterAll(() => restoreProducer());

const assignmentsOf = (org: TestOrg, userId: string) => db().coachingAssignment.findMany({ where: { orgId: org.org.id, userId }, orderBy: { createdAt: "asc" } });
const question = (sectionKey: string) => questions.find((q) => q.sectionKey === sectionKey)!;

describe("coaching assignments are made where PHI is found", () => {
  it("a post blocked by the scan gives its author one assignment for that revision, also when the job runs again", async () => {
    const { post } = await createPost(a.ctx.CONSULTANT, { title: "Get well", text: POST_PHI, channels: ["FACEBOOK"] });
    const { scanJobId } = await submitPost(a.ctx.CONSULTANT, { postId: post.id, revision: 1 });
    // The job's payload names the submitting request: the coaching notice's mail carries it (issue 15).
    const requestId = randomUUID();
    expect(await runScanJob({ scanJobId, orgId: a.org.id, requestId })).toMatchObject({ outcome: "succeeded", verdict: "block" });
    await runScanJob({ scanJobId, orgId: a.org.id, requestId });
    const revision = await db().postRevision.findFirstOrThrow({ where: { orgId: a.org.id, postId: post.id, number: 1 } });
    const rows = await assignmentsOf(a, a.users.CONSULTANT.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ trigger: "POST_BLOCKED", triggerId: revision.id, sectionKey: "definitions", questionId: question("definitions").id, completedAt: null });
    expect(rows[0]!.findingTypes.length).toBeGreaterThan(0);
    const audit = await auditEventsFor(a.org.id, { action: "coaching.assigned", targetId: rows[0]!.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: null, actorLabel: "worker" });
    expect(JSON.stringify(audit[0]!.metadata)).not.toMatch(/Kowalczyk|bypass/);
    expect(await db().notification.count({ where: { orgId: a.org.id, userId: a.users.CONSULTANT.id, kind: "policy_coaching_assigned" } })).toBe(1);
    const coachingMails = (await outboxMailsTo(a.users.CONSULTANT.email)).filter((m) => m.subject.startsWith(NOTIFICATION_KINDS.policy_coaching_assigned));
    expect(coachingMails.map((m) => m.requestId)).toEqual([requestId]);
  });

  it("a group report resolved as PHI coaches its identified author once; a clean one coaches no one", async () => {
    const { report } = await reportGroupPost(a.ctx.STAFF, { groupName: "Night shift", channel: "PRIVATE_GROUP", authorUserId: a.users.STAFF.id, text: GROUP_PHI });
    expect(report.verdict).toBe("block");
    expect(await resolveGroupReport(a.ctx.COMPLIANCE_OFFICER, { reportId: report.id })).toMatchObject({ status: "RESOLVED", coachingAssigned: true });
    const { report: clean } = await reportGroupPost(a.ctx.STAFF, { groupName: "Night shift", channel: "PRIVATE_GROUP", authorUserId: a.users.STAFF.id, text: CLEAN });
    expect(await resolveGroupReport(a.ctx.COMPLIANCE_OFFICER, { reportId: clean.id })).toMatchObject({ coachingAssigned: false });
    const rows = await assignmentsOf(a, a.users.STAFF.id);
    expect(rows.map((r) => [r.trigger, r.triggerId, r.sectionKey, r.questionId])).toEqual([["GROUP_REPORT", report.id, "personal-use", question("personal-use").id]]);
    // The same trigger again (a second path to it) adds nothing.
    const again = await db().$transaction((tx) => assignCoaching(tx, a.org, [{ userId: a.users.STAFF.id, trigger: "GROUP_REPORT", triggerId: report.id, findings: [] }], { actorId: null }));
    expect(again).toEqual({ created: [], mailIds: [] });
    expect(await assignmentsOf(a, a.users.STAFF.id)).toHaveLength(1);
  });

  it("an incident opened for a member's comment coaches them on the engagement rules", async () => {
    const account = await connectTestAccount(a.org.id, a.users.ADMIN.id);
    const commentId = randomUUID();
    await db().socialComment.create({
      data: {
        id: commentId, orgId: a.org.id, accountId: account.id, platform: "FACEBOOK", externalId: `${account.externalId}_${commentId.slice(0, 8)}`, lastEventAt: new Date(),
        textCipher: sealField(GROUP_PHI, "social-comment", a.org.id, commentId, "text"), textSha256: "0".repeat(64), verdict: "block", needsReview: true,
        findings: [{ type: "NAME", start: 13, end: 31 }, { type: "HEALTH", start: 50, end: 56 }],
      },
    });
    const { incidentId } = await openIncident(a.ctx.COMPLIANCE_OFFICER, { commentId, employeeId: a.users.ADMIN.id });
    const rows = await assignmentsOf(a, a.users.ADMIN.id);
    expect(rows.map((r) => [r.trigger, r.triggerId, r.sectionKey, r.findingTypes])).toEqual([["INCIDENT", incidentId, "engagement", ["HEALTH", "NAME"]]]);
  });

  it("no manual in effect, or not a member: nothing is assigned", async () => {
    const none = await db().$transaction((tx) => assignCoaching(tx, b.org, [{ userId: b.users.STAFF.id, trigger: "INCIDENT", triggerId: randomUUID(), findings: [] }], { actorId: null }));
    expect(none.created).toEqual([]);
    const stranger = await db().$transaction((tx) => assignCoaching(tx, a.org, [{ userId: b.users.STAFF.id, trigger: "INCIDENT", triggerId: randomUUID(), findings: [] }], { actorId: null }));
    expect(stranger.created).toEqual([]);
  });
});

describe("completing a coaching task", () => {
  it("read, a wrong answer (explained, not revealed), a retry, then right: every attempt recorded, completed for good", async () => {
    const ctx = a.ctx.CONSULTANT;
    const [task] = await listMyCoaching(ctx);
    expect(task).toMatchObject({ sectionTitle: "Title of definitions", completedAt: null, versionNumber: 1 });
    await expectAppError(answerMyCoaching(ctx, { assignmentId: task!.id, chosenIndex: 0 }), "CONFLICT");
    const view = await openMyCoaching(ctx, { assignmentId: task!.id });
    expect(view.section).toEqual({ versionNumber: 1, title: "Title of definitions", body: "What definitions says." });
    expect(view.question).toEqual({ prompt: "Which of these is PHI?", choices: ["A patient's name with their diagnosis", "The clinic's opening hours"] });
    expect(JSON.stringify(view)).not.toContain("correctIndex");

    const bad = await expectAppError(answerMyCoaching(ctx, { assignmentId: task!.id, chosenIndex: 7 }), "VALIDATION");
    expect((bad as unknown as { fields: object }).fields).toEqual({ chosenIndex: ["Choose one of the answers"] });
    const wrong = await answerMyCoaching(ctx, { assignmentId: task!.id, chosenIndex: "1" });
    expect(wrong).toMatchObject({ correct: false, completed: false, attempts: 1 });
    expect(wrong.explanation).toContain("Title of definitions");
    expect(wrong.explanation).not.toContain("diagnosis");
    const right = await answerMyCoaching(ctx, { assignmentId: task!.id, chosenIndex: "0" });
    expect(right).toEqual({ correct: true, completed: true, attempts: 2, explanation: null });
    await expectAppError(answerMyCoaching(ctx, { assignmentId: task!.id, chosenIndex: 0 }), "CONFLICT");

    const attempts = await db().coachingAttempt.findMany({ where: { orgId: a.org.id, assignmentId: task!.id }, orderBy: { createdAt: "asc" } });
    expect(attempts.map((t) => [t.chosenIndex, t.correct])).toEqual([[1, false], [0, true]]);
    expect((await auditEventsFor(a.org.id, { targetId: task!.id })).map((e) => e.action)).toEqual(["coaching.assigned", "coaching.opened", "coaching.answered", "coaching.completed"]);
    await expect(db().coachingAssignment.update({ where: { id: task!.id, orgId: a.org.id }, data: { completedAt: null } })).rejects.toThrow();

    // It counts in the training record.
    const history = await getTrainingHistory(a.ctx.COMPLIANCE_OFFICER);
    const mine = history.find((p) => p.userId === a.users.CONSULTANT.id)!;
    expect(mine.coaching).toEqual([expect.objectContaining({ trigger: "POST_BLOCKED", sectionKey: "definitions", attempts: 2, firstTryCorrect: false, completedAt: expect.any(Date) })]);
  });

  it("is the member's own: another member, or another org, finds nothing", async () => {
    const [task] = await listMyCoaching(a.ctx.STAFF);
    await expectAppError(openMyCoaching(a.ctx.CONSULTANT, { assignmentId: task!.id }), "NOT_FOUND");
    await expectAppError(answerMyCoaching(a.ctx.ADMIN, { assignmentId: task!.id, chosenIndex: 1 }), "NOT_FOUND");
    await expectAppError(openMyCoaching(b.ctx.STAFF, { assignmentId: task!.id }), "NOT_FOUND");
    expect(await listMyCoaching(b.ctx.STAFF)).toEqual([]);
    await expectAppError(openMyCoaching(a.ctx.STAFF, { assignmentId: "not-a-uuid" }), "VALIDATION");
  });
});
