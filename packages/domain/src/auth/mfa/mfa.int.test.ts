import { randomInt } from "node:crypto";
import { db } from "@vetted/db";
import { addMember, createAgency, createOrg } from "@vetted/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, createOrgWithMembers, expectAppError, TEST_PASSWORD, testRequest, type TestOrg } from "../../testing";
import { authenticateUser } from "../authenticate-user";
import { SIGNIN_LIMITS } from "../signin-limiter";
import { confirmMfaEnrolment, disableMfa, getMfaStatus, regenerateRecoveryCodes, startMfaEnrolment } from "./enrol-mfa";
import { touchSession } from "../sessions";
import { mfaEnrolmentDue, mfaRequiredFor } from "./mfa-policy";
import { totpAt } from "./totp";

// Issue 15: TOTP enrolment, sign-in with a code or a recovery code, throttling of code guesses, and
// the org policy (strictest org wins).

const fromNewIp = () => ({ ...testRequest(), ip: `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` });
const STEP_MS = 30_000;

let t: TestOrg;
beforeAll(async () => {
  t = await createOrgWithMembers();
});

/** Enrols the user: returns the secret and the recovery codes, with the time of the first code. */
async function enrol(userId: string, sessionId?: string) {
  const session = sessionId ?? (await db().userSession.create({ data: { userId, idleMinutes: 15 } })).id;
  const started = await startMfaEnrolment(userId);
  // Two steps back, so the sign-in codes of the test (current step) come after the enrolment's.
  const at = new Date(Date.now() - 2 * STEP_MS);
  const { recoveryCodes } = await confirmMfaEnrolment(userId, session, { code: await totpAt(started.secret, at) }, testRequest(), at);
  return { secret: started.secret, recoveryCodes, sessionId: session };
}

describe("enrolment", () => {
  it("stores the secret encrypted, turns MFA on with a first code, makes 10 hashed recovery codes and audits it", async () => {
    const user = t.users.CONSULTANT;
    const started = await startMfaEnrolment(user.id);
    expect(started.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    const row = await db().userMfa.findUniqueOrThrow({ where: { userId: user.id } });
    expect(row.secretCipher).toMatch(/^v1:/);
    expect(row.secretCipher).not.toContain(started.secret);
    expect(row.enabledAt).toBeNull();
    expect((await getMfaStatus(user.id)).enabled).toBe(false);

    const session = await db().userSession.create({ data: { userId: user.id, idleMinutes: 15 } });
    await expectAppError(confirmMfaEnrolment(user.id, session.id, { code: "000000" }, testRequest()), "VALIDATION");
    const { recoveryCodes } = await confirmMfaEnrolment(user.id, session.id, { code: await totpAt(started.secret, new Date()) }, testRequest());
    expect(recoveryCodes).toHaveLength(10);
    const stored = await db().mfaRecoveryCode.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(10);
    expect(stored.some((s) => recoveryCodes.some((c) => s.codeHash.includes(c.replace("-", ""))))).toBe(false);
    expect(await getMfaStatus(user.id)).toEqual({ enabled: true, required: false, recoveryCodesLeft: 10 });
    // Enrolling proves possession: the session counts as freshly re-authenticated.
    expect((await db().userSession.findUniqueOrThrow({ where: { id: session.id } })).reauthAt).not.toBeNull();
    await expectAppError(startMfaEnrolment(user.id), "CONFLICT");
    const events = await auditEventsFor(t.org.id, { targetId: user.id });
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["auth.mfa_failed", "auth.mfa_enrolled"]));
    expect(JSON.stringify(events)).not.toContain(started.secret);
  });
});

describe("sign-in with MFA", () => {
  it("asks for the code after the password, accepts the current code once, and refuses a wrong one", async () => {
    const org = await createOrgWithMembers();
    const user = org.users.STAFF;
    const { secret } = await enrol(user.id);
    const ip = fromNewIp();
    const required = await expectAppError(authenticateUser({ email: user.email, password: TEST_PASSWORD }, ip), "UNAUTHENTICATED");
    expect(required).toMatchObject({ kind: "required" });
    // A wrong password with a code is still just a wrong password.
    await expectAppError(authenticateUser({ email: user.email, password: "wrong", code: "123456" }, ip), "UNAUTHENTICATED");
    const code = await totpAt(secret, new Date());
    const signedIn = await authenticateUser({ email: user.email, password: TEST_PASSWORD, code }, ip);
    expect(signedIn.id).toBe(user.id);
    // The same code again (replay) is refused, as is any wrong one.
    expect(await expectAppError(authenticateUser({ email: user.email, password: TEST_PASSWORD, code }, ip), "UNAUTHENTICATED")).toMatchObject({ kind: "invalid" });
    const events = await auditEventsFor(org.org.id, { targetId: user.id });
    expect(events.filter((e) => e.action === "auth.mfa_failed").map((e) => (e.metadata as { during: string }).during)).toEqual(["signin"]);
    expect(events.find((e) => e.action === "auth.signed_in")?.metadata).toMatchObject({ factor: "totp" });
  });

  it("accepts a recovery code once (any case, with or without the dash), and audits its use", async () => {
    const org = await createOrgWithMembers();
    const user = org.users.STAFF;
    const { recoveryCodes } = await enrol(user.id);
    const code = recoveryCodes[3]!;
    const ip = fromNewIp();
    await authenticateUser({ email: user.email, password: TEST_PASSWORD, code: code.toUpperCase().replace("-", " ") }, ip);
    expect(await expectAppError(authenticateUser({ email: user.email, password: TEST_PASSWORD, code }, ip), "UNAUTHENTICATED")).toMatchObject({ kind: "invalid" });
    expect((await getMfaStatus(user.id)).recoveryCodesLeft).toBe(9);
    expect(await auditEventsFor(org.org.id, { action: "auth.mfa_recovery_code_used", targetId: user.id })).toEqual([
      expect.objectContaining({ metadata: { remaining: 9 } }),
    ]);
    // Two parallel uses of one code: exactly one signs in.
    const other = recoveryCodes[5]!;
    const results = await Promise.allSettled([1, 2].map(() => authenticateUser({ email: user.email, password: TEST_PASSWORD, code: other }, fromNewIp())));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("throttles code guessing like password guessing: after the free failures, RATE_LIMITED", async () => {
    const org = await createOrgWithMembers();
    const user = org.users.STAFF;
    await enrol(user.id);
    const ip = fromNewIp();
    // The step without a code counts as one attempt, like each wrong code.
    await expectAppError(authenticateUser({ email: user.email, password: TEST_PASSWORD }, ip), "UNAUTHENTICATED");
    for (let i = 1; i < SIGNIN_LIMITS.freeFailures; i++) {
      await expectAppError(authenticateUser({ email: user.email, password: TEST_PASSWORD, code: "000000" }, ip), "UNAUTHENTICATED");
    }
    await expectAppError(authenticateUser({ email: user.email, password: TEST_PASSWORD, code: "000000" }, ip), "RATE_LIMITED");
    await expectAppError(authenticateUser({ email: user.email, password: TEST_PASSWORD, code: "000001" }, ip), "RATE_LIMITED");
    expect((await auditEventsFor(org.org.id, { action: "auth.throttled", targetId: user.id })).length).toBeGreaterThan(0);
  });
});

describe("recovery code regeneration", () => {
  it("needs a recent re-auth and MFA on; the new 10 work once each and the old set, used or not, stops working", async () => {
    const org = await createOrgWithMembers();
    const user = org.users.STAFF;
    const { recoveryCodes: old, sessionId } = await enrol(user.id);
    await authenticateUser({ email: user.email, password: TEST_PASSWORD, code: old[0]! }, fromNewIp());
    await db().userSession.update({ where: { id: sessionId }, data: { reauthAt: new Date(Date.now() - 6 * 60_000) } });
    await expectAppError(regenerateRecoveryCodes(user.id, sessionId, testRequest()), "REAUTH_REQUIRED");
    await db().userSession.update({ where: { id: sessionId }, data: { reauthAt: new Date() } });

    const { recoveryCodes } = await regenerateRecoveryCodes(user.id, sessionId, testRequest());
    expect(recoveryCodes).toHaveLength(10);
    expect(recoveryCodes.filter((c) => old.includes(c))).toEqual([]);
    expect(await getMfaStatus(user.id)).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    await expectAppError(authenticateUser({ email: user.email, password: TEST_PASSWORD, code: old[1]! }, fromNewIp()), "UNAUTHENTICATED");
    await authenticateUser({ email: user.email, password: TEST_PASSWORD, code: recoveryCodes[0]! }, fromNewIp());
    expect((await getMfaStatus(user.id)).recoveryCodesLeft).toBe(9);
    expect(await auditEventsFor(org.org.id, { action: "auth.mfa_recovery_codes_regenerated", targetId: user.id })).toEqual([
      expect.objectContaining({ metadata: { replaced: 10, recoveryCodes: 10 } }),
    ]);

    const without = org.users.CONSULTANT;
    const session = await db().userSession.create({ data: { userId: without.id, idleMinutes: 15, reauthAt: new Date() } });
    await expectAppError(regenerateRecoveryCodes(without.id, session.id, testRequest()), "CONFLICT");
  });
});

describe("org policy", () => {
  it("the strictest org wins: one org requiring MFA of the person's role covers them everywhere", async () => {
    const agency = await createAgency();
    const [relaxed, strict] = await Promise.all([createOrg(agency.id), createOrg(agency.id, undefined, { requireMfaForAdmins: true })]);
    const org = await createOrgWithMembers();
    const user = org.users.CONSULTANT; // in `org` (policy off) as a consultant
    // Every request reads the rule with its session, in SQL (sessions.ts): at each step it must agree with these.
    const session = await db().userSession.create({ data: { userId: user.id, idleMinutes: 15 } });
    const dueWithSession = async () => {
      const check = await touchSession(session.id, testRequest());
      if (!check.valid) throw new Error(`session not valid: ${check.reason}`);
      return check.mfaEnrolmentDue;
    };
    const expectDue = async (due: boolean) => {
      expect(await mfaEnrolmentDue(user.id)).toBe(due);
      expect(await dueWithSession()).toBe(due);
    };
    expect(await mfaRequiredFor(user.id)).toBe(false);
    await expectDue(false);
    await addMember(relaxed.id, user.id, "ADMIN");
    expect(await mfaRequiredFor(user.id)).toBe(false);
    await expectDue(false);
    // Staff in the strict org: the policy covers admins and compliance officers only.
    const staff = await addMember(strict.id, user.id, "STAFF");
    expect(await mfaRequiredFor(user.id)).toBe(false);
    await expectDue(false);
    await db().membership.update({ where: { id: staff.id, orgId: strict.id }, data: { role: "COMPLIANCE_OFFICER" } });
    expect(await mfaRequiredFor(user.id)).toBe(true);
    await expectDue(true);
    expect(await getMfaStatus(user.id)).toMatchObject({ required: true, enabled: false });
    await enrol(user.id);
    await expectDue(false);
    // Required by the relaxed org too once its policy is on, as an admin there: still covered, still enrolled.
    await db().organization.update({ where: { id: relaxed.id }, data: { requireMfaForAdmins: true } });
    await db().userMfa.update({ where: { userId: user.id }, data: { enabledAt: null } });
    await expectDue(true);
  });

  it("new orgs require MFA by default; turning MFA off needs a recent re-auth and is refused while required", async () => {
    const agency = await createAgency();
    const fresh = await db().organization.create({ data: { agencyId: agency.id, name: "Fresh", slug: `fresh-${randomInt(1e9)}` } });
    expect(fresh.requireMfaForAdmins).toBe(true);
    const org = await createOrgWithMembers();
    const user = org.users.ADMIN;
    const { sessionId } = await enrol(user.id);
    await addMember(fresh.id, user.id, "ADMIN");
    await expectAppError(disableMfa(user.id, sessionId, testRequest()), "CONFLICT");
    await db().membership.deleteMany({ where: { orgId: fresh.id, userId: user.id } });
    await db().userSession.update({ where: { id: sessionId }, data: { reauthAt: new Date(Date.now() - 6 * 60_000) } });
    await expectAppError(disableMfa(user.id, sessionId, testRequest()), "REAUTH_REQUIRED");
    await db().userSession.update({ where: { id: sessionId }, data: { reauthAt: new Date() } });
    await disableMfa(user.id, sessionId, testRequest());
    expect(await getMfaStatus(user.id)).toEqual({ enabled: false, required: false, recoveryCodesLeft: 0 });
    expect(await auditEventsFor(org.org.id, { action: "auth.mfa_disabled", targetId: user.id })).toHaveLength(1);
  });
});
