import { outboxMailsTo } from "../mail/mails-to";
import { db } from "@vetted/db";
import { uniq, withPgClient } from "@vetted/db/testing";
import { Redis } from "ioredis";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { SignInLimiter } from "../auth/signin-limiter";
import { auditEventsFor, createOrgWithMembers, expectAppError, TEST_PASSWORD, testRequest, type TestOrg } from "../testing";
import { AckLinkError } from "./ack-records";
import { ackTokenFromOutbox, answersFor, approveTestVersion, ensureTestManual, rosterCsv } from "./ack-test-helpers";
import { getPolicyCoverage } from "./get-policy-coverage";
import { importRoster } from "./import-roster";
import { openAcknowledgement, openMyAcknowledgement } from "./open-acknowledgement";
import { recordReadingTime } from "./record-reading-time";
import { sendAcknowledgementLink } from "./send-acknowledgement-link";
import { signAcknowledgement, signMyAcknowledgement } from "./sign-acknowledgement";
import { submitMyQuizAttempt, submitQuizAttempt } from "./submit-quiz-attempt";

// Acknowledging through the emailed single-use link and in the app: read (time on page), quiz
// (attempts recorded), sign; a used, replaced or expired link refused with its own answer; and an org's
// links and people out of another org's reach.

let a: TestOrg;
let b: TestOrg;
const ana = `ana.${uniq("a")}@example.org`.toLowerCase();
const bo = `bo.${uniq("b")}@example.org`.toLowerCase();
const request = testRequest();

const linkError = async (p: Promise<unknown>, code: string, reason: string) => {
  const e = await expectAppError(p, code);
  expect(e).toBeInstanceOf(AckLinkError);
  expect((e as AckLinkError).reason).toBe(reason);
};
const ackOf = async (org: TestOrg, email: string) => {
  const person = await db().workforcePerson.findFirstOrThrow({ where: { orgId: org.org.id, email } });
  return db().policyAcknowledgement.findFirstOrThrow({ where: { orgId: org.org.id, personId: person.id }, orderBy: { createdAt: "desc" } });
};

beforeAll(async () => {
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
  await importRoster(a.ctx.ADMIN, { csv: rosterCsv([["Ana Diaz", ana, "Front desk", "Receptionist"], ["Bo Li", bo, "Clinical", "Hygienist"]]) });
  await importRoster(b.ctx.ADMIN, { csv: rosterCsv([["Other Org Person", `x.${uniq("x")}@example.org`, "Clinical", "Nurse"]]) });
  await ensureTestManual(a, { passPercent: 100 });
  await approveTestVersion(a);
  await approveTestVersion(b);
});

describe("acknowledging through the emailed link", () => {
  it("approval assigns everyone: a link by mail to people without an account, an in-app task to members", async () => {
    expect(await db().policyAcknowledgement.count({ where: { orgId: a.org.id } })).toBe(6);
    expect(await db().notification.count({ where: { orgId: a.org.id, kind: "policy_ack_assigned" } })).toBe(4);
    expect(await db().policyReminder.count({ where: { orgId: a.org.id, milestone: "start" } })).toBe(6);
    const mailed = (await outboxMailsTo(ana)).find((m) => m.text.includes("/ack/"))!;
    expect(mailed.text).toMatch(/works once and expires on \d{4}-\d{2}-\d{2}/);
    expect(mailed.text).not.toContain("Ana");
  });

  it("reads (time on page), fails the quiz, passes it, signs; the link is then used up", async () => {
    const token = await ackTokenFromOutbox(ana);
    const { questions } = await ensureTestManual(a);
    const view = await openAcknowledgement(token, request);
    expect(view).toMatchObject({ orgName: a.org.name, personName: "Ana Diaz", passPercent: 100, passed: false, signedAt: null });
    expect(view.version.sections[0]?.body).toContain("<b>No patient photos</b>");
    expect(view.questions).toHaveLength(2);
    expect(JSON.stringify(view.questions)).not.toContain("correctIndex");
    expect((await ackOf(a, ana)).openedAt).not.toBeNull();

    expect(await recordReadingTime(token, { seconds: 95 }, request)).toEqual({ readSeconds: 95 });
    expect(await recordReadingTime(token, { seconds: 86_000 }, request)).toEqual({ readSeconds: 95 + 1800 });
    await expectAppError(recordReadingTime(token, { seconds: -3 }, request), "VALIDATION");

    // Signing before passing the quiz, and a quiz without answers, are refused naming the field.
    const early = await expectAppError(signAcknowledgement(token, { typedName: "Ana Diaz", confirm: true }, request), "CONFLICT");
    expect((early as unknown as { fields: object }).fields).toEqual({ quiz: ["Pass the quiz first"] });
    const empty = await expectAppError(submitQuizAttempt(token, { answers: {} }, request), "VALIDATION");
    expect((empty as unknown as { fields: object }).fields).toEqual({ answers: ["Answer every question"] });

    const failed = await submitQuizAttempt(token, { answers: answersFor(questions, 1) }, request);
    expect(failed).toMatchObject({ scorePercent: 50, passed: false, passPercent: 100, wrongCount: 1, reread: ["patient-content"], attempts: 1 });
    const passed = await submitQuizAttempt(token, { answers: answersFor(questions) }, request);
    expect(passed).toMatchObject({ scorePercent: 100, passed: true, attempts: 2 });
    const ack = await ackOf(a, ana);
    const attempts = await db().policyQuizAttempt.findMany({ where: { orgId: a.org.id, acknowledgementId: ack.id }, orderBy: { createdAt: "asc" } });
    expect(attempts.map((t) => [t.scorePercent, t.passed])).toEqual([[50, false], [100, true]]);

    const wrongName = await expectAppError(signAcknowledgement(token, { typedName: "Bo Li", confirm: true }, request), "VALIDATION");
    expect(Object.keys((wrongName as unknown as { fields: object }).fields)).toEqual(["typedName"]);
    const unticked = await expectAppError(signAcknowledgement(token, { typedName: "ana diaz", confirm: "" }, request), "VALIDATION");
    expect(Object.keys((unticked as unknown as { fields: object }).fields)).toEqual(["confirm"]);
    const signed = await signAcknowledgement(token, { typedName: "  ana  DIAZ ", confirm: "on" }, request);
    expect(signed).toMatchObject({ orgName: a.org.name, versionNumber: 1 });
    expect(await ackOf(a, ana)).toMatchObject({ signatureMethod: "LINK", signedName: "ana DIAZ", readSeconds: 1895, attempts: 2, signerIp: "127.0.0.1" });
    expect((await ackOf(a, ana)).linkUsedAt).not.toBeNull();

    // Used: a second submit is a conflict, an open or another attempt says it was signed.
    await linkError(signAcknowledgement(token, { typedName: "Ana Diaz", confirm: true }, request), "CONFLICT", "signed");
    await linkError(openAcknowledgement(token, request), "GONE", "signed");
    await linkError(submitQuizAttempt(token, { answers: answersFor(questions) }, request), "CONFLICT", "signed");
    await expectAppError(sendAcknowledgementLink(a.ctx.ADMIN, { personId: ack.personId }), "CONFLICT");

    const events = await auditEventsFor(a.org.id, { targetId: ack.id });
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["ack.opened", "ack.reading_time", "ack.quiz_attempted", "ack.signed"]));
    expect(JSON.stringify(events)).not.toMatch(/Ana|Diaz|example\.org/i);
  });

  it("keeps attempts and signed acknowledgements as they are (database triggers)", async () => {
    const ack = await ackOf(a, ana);
    await withPgClient(async (client) => {
      await expect(client.query(`UPDATE "PolicyQuizAttempt" SET "passed" = true WHERE "acknowledgementId" = $1::uuid`, [ack.id])).rejects.toThrow(/append-only/);
      await expect(client.query(`DELETE FROM "PolicyReminder" WHERE "acknowledgementId" = $1::uuid`, [ack.id])).rejects.toThrow(/append-only/);
      await expect(client.query(`UPDATE "PolicyAcknowledgement" SET "readSeconds" = 1 WHERE id = $1::uuid`, [ack.id])).rejects.toThrow(/never changes/);
      await expect(client.query(`DELETE FROM "PolicyAcknowledgement" WHERE id = $1::uuid`, [ack.id])).rejects.toThrow(/kept/);
    });
  });

  it("a new link replaces the previous one; an expired link says so", async () => {
    const first = await ackTokenFromOutbox(bo);
    const ack = await ackOf(a, bo);
    const sent = await sendAcknowledgementLink(a.ctx.COMPLIANCE_OFFICER, { personId: ack.personId });
    expect(sent.linkExpiresAt.getTime() - Date.now()).toBeGreaterThan(13.9 * 86_400_000);
    const second = await ackTokenFromOutbox(bo);
    expect(second).not.toBe(first);
    await linkError(openAcknowledgement(first, request), "NOT_FOUND", "unknown");
    await openAcknowledgement(second, request);

    await db().policyAcknowledgement.update({ where: { id: ack.id, orgId: a.org.id }, data: { linkExpiresAt: new Date(Date.now() - 1000) } });
    await linkError(openAcknowledgement(second, request), "GONE", "expired");
    await linkError(signAcknowledgement(second, { typedName: "Bo Li", confirm: true }, request), "GONE", "expired");
    await linkError(openAcknowledgement("not-a-token", request), "NOT_FOUND", "unknown");
    const events = await auditEventsFor(a.org.id, { action: "ack.link_sent", targetId: ack.id });
    expect(events[0]?.metadata).toMatchObject({ personId: ack.personId, replacedEarlierLink: true });
  });

  it("a newer version in effect outdates the older link", async () => {
    const ack = await ackOf(a, bo);
    await sendAcknowledgementLink(a.ctx.ADMIN, { personId: ack.personId });
    const oldToken = await ackTokenFromOutbox(bo);
    const v2 = await approveTestVersion(a);
    expect(v2.assigned).toBe(6);
    await linkError(openAcknowledgement(oldToken, request), "GONE", "outdated");
    const fresh = await ackTokenFromOutbox(bo);
    expect((await openAcknowledgement(fresh, request)).version.number).toBe(2);
  });
});

describe("acknowledging in the app", () => {
  it("a member reads, passes the quiz and signs with their password", async () => {
    const staff = a.ctx.STAFF;
    const { questions } = await ensureTestManual(a);
    const view = await openMyAcknowledgement(staff);
    expect(view).toMatchObject({ personName: a.users.STAFF.name, signedAt: null });
    await submitMyQuizAttempt(staff, Object.fromEntries(Object.entries(answersFor(questions)).map(([id, i]) => [`answers.${id}`, String(i)])));
    const redis = new Redis(process.env.REDIS_URL!);
    onTestFinished(() => void redis.quit());
    const limiter = new SignInLimiter(redis, { ipFailures: 100, ipWindowSeconds: 60, freeFailures: 3, accountWindowSeconds: 60, baseDelaySeconds: 1, maxDelaySeconds: 2, keyPrefix: uniq("ack-test") });
    const input = { typedName: a.users.STAFF.name, confirm: "on" };
    const wrong = await expectAppError(signMyAcknowledgement(staff, { ...input, password: "not the password" }, limiter), "VALIDATION");
    expect(Object.keys((wrong as unknown as { fields: object }).fields)).toEqual(["password"]);
    expect(await auditEventsFor(a.org.id, { action: "ack.password_failed", targetId: a.users.STAFF.id })).toHaveLength(1);
    const signed = await signMyAcknowledgement(staff, { ...input, password: TEST_PASSWORD }, limiter);
    expect(signed.versionNumber).toBe(2);
    const person = await db().workforcePerson.findFirstOrThrow({ where: { orgId: a.org.id, userId: a.users.STAFF.id } });
    const ack = await db().policyAcknowledgement.findFirstOrThrow({ where: { orgId: a.org.id, personId: person.id, signedAt: { not: null } } });
    expect(ack).toMatchObject({ signatureMethod: "IN_APP", linkUsedAt: null });
    await expectAppError(submitMyQuizAttempt(staff, { answers: answersFor(questions) }), "CONFLICT");
    expect((await openMyAcknowledgement(staff))?.signedAt).not.toBeNull();
  });
});

describe("tenant isolation", () => {
  it("org B neither sees nor acts on org A's people and acknowledgements; A's token acts only on A's row", async () => {
    const aPerson = await db().workforcePerson.findFirstOrThrow({ where: { orgId: a.org.id, email: bo } });
    await expectAppError(sendAcknowledgementLink(b.ctx.ADMIN, { personId: aPerson.id }), "NOT_FOUND");
    const bCoverage = await getPolicyCoverage(b.ctx.ADMIN);
    expect(bCoverage.people.map((p) => p.email)).not.toContain(bo);
    expect(bCoverage.people.every((p) => p.personId !== aPerson.id)).toBe(true);
    expect(bCoverage.totals.people).toBe(5);

    const bBefore = await db().policyAcknowledgement.findMany({ where: { orgId: b.org.id }, orderBy: { id: "asc" } });
    const token = await ackTokenFromOutbox(bo);
    const { questions } = await ensureTestManual(a);
    await openAcknowledgement(token, request);
    await submitQuizAttempt(token, { answers: answersFor(questions) }, request);
    await signAcknowledgement(token, { typedName: "Bo Li", confirm: true }, request);
    expect(await db().policyAcknowledgement.findMany({ where: { orgId: b.org.id }, orderBy: { id: "asc" } })).toEqual(bBefore);
    expect((await getPolicyCoverage(b.ctx.ADMIN)).totals.acknowledged).toBe(0);
  });
});
