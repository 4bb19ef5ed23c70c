import { db, disconnectDb } from "@vetted/db";
import { addMember, createAgency, createOrg, createUser } from "@vetted/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, expectAppError, TEST_PASSWORD, testPasswordHash, testRequest } from "../testing";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { authenticateUser, MAX_FAILED_ATTEMPTS } from "./authenticate-user";

let passwordHash: string;
let agencyId: string;

/** A user who is a member of two orgs with different idle timeouts. */
async function userInTwoOrgs() {
  const user = await createUser({ passwordHash });
  const [orgA, orgB] = await Promise.all([createOrg(agencyId), createOrg(agencyId)]);
  await db().organization.update({ where: { id: orgA.id }, data: { idleTimeoutMinutes: 25 } });
  await db().organization.update({ where: { id: orgB.id }, data: { idleTimeoutMinutes: 10 } });
  await addMember(orgA.id, user.id, "STAFF");
  await addMember(orgB.id, user.id, "ADMIN");
  return { user, orgA, orgB };
}

beforeAll(async () => {
  passwordHash = await testPasswordHash();
  agencyId = (await createAgency()).id;
});

afterAll(() => disconnectDb());

describe("authenticateUser", () => {
  it("signs in: starts a session with the strictest idle timeout and audits in every org of the user", async () => {
    const { user, orgA, orgB } = await userInTwoOrgs();
    const request = testRequest();
    const result = await authenticateUser({ email: user.email.toUpperCase(), password: TEST_PASSWORD }, request);
    expect(result).toMatchObject({ id: user.id, email: user.email, idleMinutes: 10 });

    const session = await db().userSession.findUniqueOrThrow({ where: { id: result.sessionId } });
    expect(session).toMatchObject({ userId: user.id, idleMinutes: 10, endedAt: null, userAgent: request.userAgent });
    for (const org of [orgA, orgB]) {
      const events = await auditEventsFor(org.id, { action: "auth.signed_in", targetId: user.id });
      expect(events).toEqual([expect.objectContaining({ actorId: user.id, metadata: { sessionId: result.sessionId }, userAgent: request.userAgent })]);
      expect((await verifyAuditChain(org.id)).ok).toBe(true);
    }
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).lastLoginAt).toBeInstanceOf(Date);
  });

  it("uses the default idle timeout for a user without orgs and audits in the platform chain", async () => {
    const user = await createUser({ passwordHash });
    const request = testRequest();
    const result = await authenticateUser({ email: user.email, password: TEST_PASSWORD }, request);
    expect(result.idleMinutes).toBe(15);
    expect(await auditEventsFor(null, { action: "auth.signed_in", userAgent: request.userAgent ?? "" })).toHaveLength(1);
  });

  it(`locks the account after ${MAX_FAILED_ATTEMPTS} wrong passwords and refuses even the right one while locked`, async () => {
    const { user, orgA, orgB } = await userInTwoOrgs();
    const request = testRequest();
    for (let attempt = 1; attempt < MAX_FAILED_ATTEMPTS; attempt++) {
      await expectAppError(authenticateUser({ email: user.email, password: "wrong password!" }, request), "UNAUTHENTICATED");
    }
    await expectAppError(authenticateUser({ email: user.email, password: "wrong password!" }, request), "LOCKED");
    const locked = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(locked.lockedUntil?.getTime()).toBeGreaterThan(Date.now());

    const error = await expectAppError(authenticateUser({ email: user.email, password: TEST_PASSWORD }, request), "LOCKED");
    expect(error.message).toMatch(/locked/i);
    expect(await db().userSession.count({ where: { userId: user.id } })).toBe(0);

    for (const org of [orgA, orgB]) {
      const events = await auditEventsFor(org.id, { targetId: user.id });
      expect(events.map((e) => e.action)).toEqual([
        ...Array.from({ length: MAX_FAILED_ATTEMPTS }, () => "auth.signin_failed"),
        "auth.locked_out",
        "auth.signin_refused_locked",
      ]);
      expect(events.slice(0, MAX_FAILED_ATTEMPTS).map((e) => (e.metadata as { attempt: number }).attempt)).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it("locks the account when the wrong guesses arrive in parallel", async () => {
    const { user } = await userInTwoOrgs();
    const request = testRequest();
    const results = await Promise.allSettled(
      Array.from({ length: MAX_FAILED_ATTEMPTS + 2 }, () => authenticateUser({ email: user.email, password: "parallel guess" }, request)),
    );
    const codes = results.map((r) => (r.status === "rejected" ? (r.reason as { code?: string }).code : "OK"));
    expect(codes).not.toContain("OK");
    expect(codes).toContain("LOCKED");
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil?.getTime()).toBeGreaterThan(Date.now());
    await expectAppError(authenticateUser({ email: user.email, password: TEST_PASSWORD }, request), "LOCKED");
  });

  it("lets the user in again once the lockout has passed", async () => {
    const { user } = await userInTwoOrgs();
    await db().user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    const result = await authenticateUser({ email: user.email, password: TEST_PASSWORD }, testRequest());
    expect(result.id).toBe(user.id);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil).toBeNull();
  });

  it("resets the failure count on success", async () => {
    const { user } = await userInTwoOrgs();
    const request = testRequest();
    for (let i = 0; i < 3; i++) {
      await expectAppError(authenticateUser({ email: user.email, password: "nope nope nope" }, request), "UNAUTHENTICATED");
    }
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).failedLoginCount).toBe(3);
    await authenticateUser({ email: user.email, password: TEST_PASSWORD }, request);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).failedLoginCount).toBe(0);
    // After the reset, four more failures do not lock: the count started again from zero.
    for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) {
      await expectAppError(authenticateUser({ email: user.email, password: "nope nope nope" }, request), "UNAUTHENTICATED");
    }
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil).toBeNull();
  });

  it("answers an unknown email like a wrong password and audits it in the platform chain", async () => {
    const request = testRequest();
    const error = await expectAppError(authenticateUser({ email: "nobody-here@test.vetted.local", password: "whatever" }, request), "UNAUTHENTICATED");
    expect(error.message).toBe("Email or password is incorrect");
    const events = await auditEventsFor(null, { userAgent: request.userAgent ?? "" });
    expect(events).toEqual([
      expect.objectContaining({ chainKey: "platform", orgId: null, actorId: null, actorLabel: "anonymous", action: "auth.signin_failed", metadata: { reason: "unknown_email" } }),
    ]);
    // The email itself stays out of the trail.
    expect(JSON.stringify(events)).not.toContain("nobody-here");
    expect((await verifyAuditChain(null)).ok).toBe(true);
  });

  it("rejects malformed input as VALIDATION without touching the user", async () => {
    await expectAppError(authenticateUser({ email: "not-an-email", password: "" }, testRequest()), "VALIDATION");
  });
});
