import { outboxMailsTo } from "../mail/mails-to";
import { db } from "@vetted/db";
import { uniq } from "@vetted/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, createOrgWithMembers, expectAppError, testRequest, type TestOrg } from "../testing";
import { AckLinkError } from "./ack-records";
import { ackTokenFromOutbox, answersFor, approveTestVersion, ensureTestManual, rosterCsv } from "./ack-test-helpers";
import { getPolicyCoverage } from "./get-policy-coverage";
import { importRoster } from "./import-roster";
import { listRoster } from "./list-roster";
import { openAcknowledgement, openMyAcknowledgement } from "./open-acknowledgement";
import { remindPolicyAcknowledgements } from "./remind-policy-acknowledgements";
import { sendAcknowledgementLink } from "./send-acknowledgement-link";
import { signAcknowledgement } from "./sign-acknowledgement";
import { submitQuizAttempt } from "./submit-quiz-attempt";
import { updatePolicyManualSettings } from "./update-policy-manual-settings";

// The org's acknowledgement settings at work: re-acknowledgement on its cadence (a new cycle of the
// same version, opened by the hourly sweep on a clock the test moves), the due period, who must
// acknowledge (departments and roles), and the emailed link of which only the newest works.

const DAY = 86_400_000;
const email = (name: string) => `${name}.${uniq("p")}@example.org`.toLowerCase();
const personOf = (org: TestOrg, address: string) => db().workforcePerson.findFirstOrThrow({ where: { orgId: org.org.id, email: address } });
const acksOf = async (org: TestOrg, address: string) =>
  db().policyAcknowledgement.findMany({ where: { orgId: org.org.id, personId: (await personOf(org, address)).id }, orderBy: { cycle: "asc" } });

/** Reads, passes the quiz and signs through the newest link mailed to `address`. */
async function signByLink(org: TestOrg, address: string, name: string) {
  const token = await ackTokenFromOutbox(address);
  const { questions } = await ensureTestManual(org);
  await openAcknowledgement(token, testRequest());
  await submitQuizAttempt(token, { answers: answersFor(questions) }, testRequest());
  await signAcknowledgement(token, { typedName: name, confirm: true }, testRequest());
  return token;
}

const reason = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (error: unknown) => error);
  expect(e).toBeInstanceOf(AckLinkError);
  return (e as AckLinkError).reason;
};

describe("re-acknowledgement on the org's cadence", () => {
  let a: TestOrg;
  const ana = email("ana");

  beforeAll(async () => {
    a = await createOrgWithMembers();
    await importRoster(a.ctx.ADMIN, { csv: rosterCsv([["Ana Diaz", ana, "Front desk", "Receptionist"]]) });
    await ensureTestManual(a);
    await approveTestVersion(a);
  });

  it("opens cycle 2 of the same version a year after the signature, once, with a new link; cycle 1 stays a record", async () => {
    const firstToken = await signByLink(a, ana, "Ana Diaz");
    const [signed] = await acksOf(a, ana);
    expect(signed).toMatchObject({ cycle: 1 });
    const sweep = (at: Date) => remindPolicyAcknowledgements(at, { orgId: a.org.id });
    const yearAfter = (days: number) => new Date(signed!.signedAt!.getTime() + days * DAY);

    expect(await sweep(yearAfter(364.9))).toMatchObject({ renewed: 0 });
    expect(await acksOf(a, ana)).toHaveLength(1);
    const at = yearAfter(365.01);
    expect(await sweep(at)).toMatchObject({ renewed: 1, assigned: 0 });
    // A second run (or a second worker) at the same time opens nothing more.
    expect(await sweep(at)).toMatchObject({ renewed: 0 });
    expect(await sweep(new Date(at.getTime() + 3_600_000))).toMatchObject({ renewed: 0 });

    const [one, two] = await acksOf(a, ana);
    expect(one).toMatchObject({ id: signed!.id, signedAt: signed!.signedAt });
    expect(two).toMatchObject({ versionId: signed!.versionId, cycle: 2, signedAt: null, assignedAt: at });
    expect(two!.dueAt.getTime() - at.getTime()).toBe(30 * DAY);
    expect(await db().policyReminder.count({ where: { orgId: a.org.id, acknowledgementId: two!.id, milestone: "start" } })).toBe(1);

    const mail = (await outboxMailsTo(ana)).find((m) => m.text.includes("/ack/"))!;
    expect(mail.text).toContain("again");
    const secondToken = await ackTokenFromOutbox(ana);
    expect(secondToken).not.toBe(firstToken);
    expect(await reason(openAcknowledgement(firstToken, testRequest()))).toBe("signed");
    expect((await openAcknowledgement(secondToken, testRequest())).acknowledgementId).toBe(two!.id);

    // The members never signed cycle 1: nothing opens for them.
    expect(await db().policyAcknowledgement.count({ where: { orgId: a.org.id, cycle: 2 } })).toBe(1);
    const [event] = await auditEventsFor(a.org.id, { action: "ack.renewal_opened" });
    expect(event).toMatchObject({ actorId: null, actorLabel: "worker", metadata: { assigned: 1, linksSent: 1, inApp: 0, scope: "cadence" } });

    // Coverage and the roster read the latest cycle: pending again.
    const coverage = await getPolicyCoverage(a.ctx.ADMIN, new Date(at.getTime() + DAY));
    expect(coverage.people.find((p) => p.email === ana)).toMatchObject({ state: "pending", cycle: 2 });
    const roster = await listRoster(a.ctx.ADMIN, {}, new Date(at.getTime() + DAY));
    expect(roster.people.find((p) => p.email === ana)?.ack).toMatchObject({ cycle: 2, state: "pending" });
  });

  it("follows the org's cadence and due period, both audited", async () => {
    const c = await createOrgWithMembers();
    const cy = email("cy");
    await importRoster(c.ctx.ADMIN, { csv: rosterCsv([["Cy Ng", cy, "Billing", "Clerk"]]) });
    await ensureTestManual(c);
    await expectAppError(updatePolicyManualSettings(c.ctx.ADMIN, { ackDueDays: "91" }), "VALIDATION").then((e) => expect((e as unknown as { fields: object }).fields).toHaveProperty("ackDueDays"));
    await expectAppError(updatePolicyManualSettings(c.ctx.ADMIN, { ackCadenceDays: "29" }), "VALIDATION");
    await expectAppError(updatePolicyManualSettings(c.ctx.STAFF, { ackDueDays: "10" }), "FORBIDDEN");
    expect(await updatePolicyManualSettings(c.ctx.ADMIN, { ackDueDays: "10", ackCadenceDays: "30" })).toMatchObject({ changed: ["ackCadenceDays", "ackDueDays"] });
    const [event] = await auditEventsFor(c.org.id, { action: "manual.settings.updated" });
    expect(event?.metadata).toMatchObject({ fields: ["ackCadenceDays", "ackDueDays"], ackDueDays: 10, ackCadenceDays: 30 });

    await approveTestVersion(c);
    const [assigned] = await acksOf(c, cy);
    expect(assigned!.dueAt.getTime() - assigned!.assignedAt.getTime()).toBe(10 * DAY);
    await signByLink(c, cy, "Cy Ng");
    const signedAt = (await acksOf(c, cy))[0]!.signedAt!;
    expect(await remindPolicyAcknowledgements(new Date(signedAt.getTime() + 29 * DAY), { orgId: c.org.id })).toMatchObject({ renewed: 0 });
    const at = new Date(signedAt.getTime() + 30 * DAY + 60_000);
    expect(await remindPolicyAcknowledgements(at, { orgId: c.org.id })).toMatchObject({ renewed: 1 });
    const renewal = (await acksOf(c, cy))[1]!;
    expect(renewal.dueAt.getTime() - at.getTime()).toBe(10 * DAY);
  });
});

describe("who must acknowledge", () => {
  let d: TestOrg;
  const nurse = email("nurse");
  const clerk = email("clerk");
  const desk = email("desk");

  beforeAll(async () => {
    d = await createOrgWithMembers();
    await importRoster(d.ctx.ADMIN, {
      csv: rosterCsv([["Nia Nurse", nurse, "Clinical", "Nurse"], ["Cal Clerk", clerk, "Billing", "Clerk"], ["Dee Desk", desk, "Front desk", "Receptionist"]]),
    });
    await ensureTestManual(d);
  });

  it("assigns only the chosen departments and roles; coverage counts only them; widening assigns the newcomers at once", async () => {
    const bad = await expectAppError(updatePolicyManualSettings(d.ctx.ADMIN, { ackDepartments: ["x".repeat(101)] }), "VALIDATION");
    expect(Object.keys((bad as unknown as { fields: object }).fields)[0]).toMatch(/^ackDepartments/);
    await updatePolicyManualSettings(d.ctx.ADMIN, { ackDepartments: ["Clinical", ""], ackJobRoles: ["Receptionist"] });
    const { assigned } = await approveTestVersion(d);
    expect(assigned).toBe(2);
    expect(await acksOf(d, nurse)).toHaveLength(1);
    expect(await acksOf(d, desk)).toHaveLength(1);
    expect(await acksOf(d, clerk)).toHaveLength(0);
    // Members (no department, no role) are not asked: their acknowledgement page has nothing to sign.
    expect(await db().policyAcknowledgement.count({ where: { orgId: d.org.id } })).toBe(2);
    expect(await openMyAcknowledgement(d.ctx.STAFF)).toBeNull();

    const coverage = await getPolicyCoverage(d.ctx.ADMIN);
    expect(coverage.totals).toEqual({ people: 2, acknowledged: 0, pending: 2, overdue: 0 });
    expect(coverage.scope).toEqual({ departments: ["Clinical"], jobRoles: ["Receptionist"] });
    const roster = await listRoster(d.ctx.ADMIN);
    expect(roster.people.find((p) => p.email === clerk)).toMatchObject({ required: false, ack: null });
    expect(roster.people.find((p) => p.email === nurse)).toMatchObject({ required: true });
    await expectAppError(sendAcknowledgementLink(d.ctx.ADMIN, { personId: (await personOf(d, clerk)).id }), "CONFLICT");

    const widened = await updatePolicyManualSettings(d.ctx.ADMIN, { ackDepartments: ["Billing", "Clinical"] });
    expect(widened).toMatchObject({ changed: ["ackDepartments"], assigned: 1 });
    expect(await acksOf(d, clerk)).toHaveLength(1);
    expect((await outboxMailsTo(clerk)).filter((m) => m.text.includes("/ack/")).length).toBe(1);
    expect((await getPolicyCoverage(d.ctx.ADMIN)).totals.people).toBe(3);
  });

  it("stops reminding people taken out of the scope; the sweep assigns someone whose department came into it", async () => {
    await updatePolicyManualSettings(d.ctx.ADMIN, { ackDepartments: ["Clinical"], ackJobRoles: "" });
    expect((await getPolicyCoverage(d.ctx.ADMIN)).totals.people).toBe(1);
    const nurseAck = (await acksOf(d, nurse))[0]!;
    const sweep = await remindPolicyAcknowledgements(new Date(nurseAck.dueAt.getTime() - 6.9 * DAY), { orgId: d.org.id });
    // Only the nurse: the clerk and the receptionist keep their acknowledgement (a record) but are not reminded.
    expect(sweep).toMatchObject({ reminded: 1, assigned: 0 });
    expect(await db().policyReminder.count({ where: { orgId: d.org.id, milestone: "before-7" } })).toBe(1);

    const eve = email("eve");
    await importRoster(d.ctx.ADMIN, { csv: rosterCsv([["Eve Pharm", eve, "Pharmacy", "Pharmacist"]]) });
    expect(await acksOf(d, eve)).toHaveLength(0);
    await importRoster(d.ctx.ADMIN, { csv: rosterCsv([["Eve Pharm", eve, "Clinical", "Pharmacist"]]) });
    expect(await acksOf(d, eve)).toHaveLength(0);
    expect(await remindPolicyAcknowledgements(new Date(), { orgId: d.org.id })).toMatchObject({ assigned: 1 });
    expect(await acksOf(d, eve)).toHaveLength(1);
  });
});

describe("the emailed link", () => {
  it("only the newest link works: the assignment's, the reminder's and a resent one each replace the one before", async () => {
    const e = await createOrgWithMembers();
    const bo = email("bo");
    await importRoster(e.ctx.ADMIN, { csv: rosterCsv([["Bo Li", bo, "Clinical", "Hygienist"]]) });
    await ensureTestManual(e);
    await approveTestVersion(e);
    const first = await ackTokenFromOutbox(bo);
    const [ack] = await acksOf(e, bo);
    // The reminder 7 days before the due time (the sweep's clock), then a link resent by the admin (now).
    expect(await remindPolicyAcknowledgements(new Date(ack!.dueAt.getTime() - 6.9 * DAY), { orgId: e.org.id })).toMatchObject({ reminded: 5 });
    const second = await ackTokenFromOutbox(bo);
    await sendAcknowledgementLink(e.ctx.ADMIN, { personId: ack!.personId });
    const third = (await outboxMailsTo(bo)).filter((m) => m.text.includes("/ack/"))
      .map((m) => m.text.match(/\/ack\/([A-Za-z0-9_-]{43})\b/)![1]!)
      .find((t) => t !== first && t !== second)!;
    expect(new Set([first, second, third]).size).toBe(3);
    expect(await reason(openAcknowledgement(first, testRequest()))).toBe("unknown");
    expect(await reason(openAcknowledgement(second, testRequest()))).toBe("unknown");
    expect((await openAcknowledgement(third, testRequest())).acknowledgementId).toBe(ack!.id);
    // Still one acknowledgement, one live link (its hash), three mails.
    expect(await acksOf(e, bo)).toHaveLength(1);
    expect((await outboxMailsTo(bo)).filter((m) => m.text.includes("/ack/")).length).toBe(3);
  });
});
