import { randomInt, randomUUID } from "node:crypto";
import { db, disconnectDb } from "@vetted/db";
import { addMember, createAgency, createOrg, createUser } from "@vetted/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, expectAppError, TEST_PASSWORD, testPasswordHash, testRequest } from "../testing";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { authenticateUser } from "./authenticate-user";
import { SIGNIN_LIMITS, signInLimiter } from "./signin-limiter";

let passwordHash: string;

// Every test signs in from its own address, so the per-IP budget (kept in Redis across runs) of one
// test never throttles another.
const fromNewIp = () => ({ ...testRequest(), ip: `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function expectRateLimited(promise: Promise<unknown>) {
  return (await expectAppError(promise, "RATE_LIMITED")) as Error & { code: string; retryAfterSeconds: number };
}
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
    const request = fromNewIp();
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
    const request = fromNewIp();
    const result = await authenticateUser({ email: user.email, password: TEST_PASSWORD }, request);
    expect(result.idleMinutes).toBe(15);
    expect(await auditEventsFor(null, { action: "auth.signed_in", userAgent: request.userAgent ?? "" })).toHaveLength(1);
  });

  it(`slows an account down after ${SIGNIN_LIMITS.freeFailures} wrong passwords instead of locking it, then lets the right one in`, async () => {
    const { user, orgA, orgB } = await userInTwoOrgs();
    const request = fromNewIp();
    for (let attempt = 1; attempt <= SIGNIN_LIMITS.freeFailures; attempt++) {
      await expectAppError(authenticateUser({ email: user.email, password: "wrong password!" }, request), "UNAUTHENTICATED");
    }
    // The failure that starts a wait says how long; the wait is seconds, not a 15-minute lock.
    const first = await expectRateLimited(authenticateUser({ email: user.email, password: "wrong password!" }, request));
    expect(first.retryAfterSeconds).toBeLessThanOrEqual(SIGNIN_LIMITS.baseDelaySeconds);
    expect(first.message).toMatch(/^Too many attempts, try again in \d+ seconds?$/);
    // Inside the wait even the right password is refused, and no session starts.
    const refused = await expectRateLimited(authenticateUser({ email: user.email, password: TEST_PASSWORD }, request));
    expect(await db().userSession.count({ where: { userId: user.id } })).toBe(0);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil).toBeNull();

    await sleep(refused.retryAfterSeconds * 1000 + 100);
    const result = await authenticateUser({ email: user.email, password: TEST_PASSWORD }, request);
    expect(result.id).toBe(user.id);

    for (const org of [orgA, orgB]) {
      const events = await auditEventsFor(org.id, { targetId: user.id });
      expect(events.map((e) => e.action)).toEqual([
        ...Array.from({ length: SIGNIN_LIMITS.freeFailures + 1 }, () => "auth.signin_failed"),
        "auth.throttled",
        "auth.rate_limited",
        "auth.signed_in",
      ]);
      expect(events.slice(0, SIGNIN_LIMITS.freeFailures + 1).map((e) => (e.metadata as { attempt: number }).attempt)).toEqual([1, 2, 3, 4, 5]);
      expect(events[SIGNIN_LIMITS.freeFailures + 2]!.metadata).toEqual({ scope: "account", retryAfterSeconds: refused.retryAfterSeconds });
      expect(JSON.stringify(events)).not.toContain(user.email);
    }
  });

  it("doubles the wait with each further failure, up to the cap", () => {
    const limiter = signInLimiter();
    const waits = Array.from({ length: 12 }, (_, i) => limiter.delayAfter(SIGNIN_LIMITS.freeFailures + 1 + i));
    expect(waits.slice(0, 4)).toEqual([2, 4, 8, 16]);
    expect(Math.max(...waits)).toBe(SIGNIN_LIMITS.maxDelaySeconds);
    expect(limiter.delayAfter(SIGNIN_LIMITS.freeFailures)).toBe(SIGNIN_LIMITS.baseDelaySeconds);
  });

  it("a third party's failures cannot keep the real user out once the wait has passed", async () => {
    const { user } = await userInTwoOrgs();
    const attacker = fromNewIp();
    for (let i = 0; i < SIGNIN_LIMITS.freeFailures + 1; i++) {
      await authenticateUser({ email: user.email, password: "attacker guess" }, attacker).catch(() => undefined);
    }
    // Hammering during the wait is refused and does not lengthen it.
    for (let i = 0; i < 10; i++) await expectRateLimited(authenticateUser({ email: user.email, password: "attacker guess" }, attacker));
    const owner = fromNewIp();
    const refused = await expectRateLimited(authenticateUser({ email: user.email, password: TEST_PASSWORD }, owner));
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(SIGNIN_LIMITS.baseDelaySeconds);
    await sleep(refused.retryAfterSeconds * 1000 + 100);
    expect((await authenticateUser({ email: user.email, password: TEST_PASSWORD }, owner)).id).toBe(user.id);
  });

  it("checks at most one guess beyond the free ones when the wrong guesses arrive in parallel", async () => {
    const { user, orgA } = await userInTwoOrgs();
    const request = fromNewIp();
    const results = await Promise.allSettled(
      Array.from({ length: SIGNIN_LIMITS.freeFailures + 6 }, () => authenticateUser({ email: user.email, password: "parallel guess" }, request)),
    );
    const codes = results.map((r) => (r.status === "rejected" ? (r.reason as { code?: string }).code : "OK"));
    expect(codes).not.toContain("OK");
    expect(codes.filter((c) => c === "RATE_LIMITED").length).toBeGreaterThanOrEqual(5);
    const checked = await auditEventsFor(orgA.id, { action: "auth.signin_failed", targetId: user.id });
    expect(checked.length).toBe(SIGNIN_LIMITS.freeFailures + 1);
  });

  it("answers an unknown email exactly like a real account, throttling included (no enumeration)", async () => {
    const { user } = await userInTwoOrgs();
    const answers = async (email: string) => {
      const request = fromNewIp();
      const out: string[] = [];
      for (let i = 0; i < SIGNIN_LIMITS.freeFailures + 3; i++) {
        const error = await authenticateUser({ email, password: "some wrong password" }, request).then(
          () => null,
          (e: Error & { code: string }) => e,
        );
        // The number of seconds may differ by a tick between the two runs; the wording may not.
        out.push(`${error?.code}: ${error?.message.replace(/\d+ seconds?/, "N seconds")}`);
      }
      return out;
    };
    const real = await answers(user.email);
    const unknown = await answers(`nobody-${Date.now()}@test.vetted.local`);
    expect(unknown).toEqual(real);
    expect(real).toContain("RATE_LIMITED: Too many attempts, try again in N seconds");
  });

  it(`refuses an IP after ${SIGNIN_LIMITS.ipFailures} failed attempts, whatever the account, and audits it once`, async () => {
    const request = fromNewIp();
    for (let i = 0; i < SIGNIN_LIMITS.ipFailures; i++) {
      await expectAppError(authenticateUser({ email: `spray-${i}-${Date.now()}@test.vetted.local`, password: "spray" }, request), "UNAUTHENTICATED");
    }
    const { user } = await userInTwoOrgs();
    const refused = await expectRateLimited(authenticateUser({ email: user.email, password: TEST_PASSWORD }, request));
    expect(refused.retryAfterSeconds).toBeGreaterThan(SIGNIN_LIMITS.ipWindowSeconds - 60);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(SIGNIN_LIMITS.ipWindowSeconds);
    await expectRateLimited(authenticateUser({ email: user.email, password: TEST_PASSWORD }, request));
    // The same user from another address is not affected.
    expect((await authenticateUser({ email: user.email, password: TEST_PASSWORD }, fromNewIp())).id).toBe(user.id);
    const events = await auditEventsFor(null, { action: "auth.rate_limited", userAgent: request.userAgent ?? "" });
    expect(events).toEqual([expect.objectContaining({ actorId: null, ip: request.ip, metadata: { scope: "ip", retryAfterSeconds: refused.retryAfterSeconds } })]);
  });

  it("gives an unknown IP (no trusted proxy) no shared budget that one client could use up for all", async () => {
    const request = { ...testRequest(), ip: null };
    for (let i = 0; i < SIGNIN_LIMITS.ipFailures + 1; i++) {
      await expectAppError(authenticateUser({ email: `anon-${i}-${Date.now()}@test.vetted.local`, password: "spray" }, request), "UNAUTHENTICATED");
    }
    const { user } = await userInTwoOrgs();
    expect((await authenticateUser({ email: user.email, password: TEST_PASSWORD }, request)).id).toBe(user.id);
  });

  it("resets the account's count on success", async () => {
    const { user } = await userInTwoOrgs();
    const request = fromNewIp();
    for (let i = 0; i < SIGNIN_LIMITS.freeFailures - 1; i++) {
      await expectAppError(authenticateUser({ email: user.email, password: "nope nope nope" }, request), "UNAUTHENTICATED");
    }
    await authenticateUser({ email: user.email, password: TEST_PASSWORD }, request);
    // After the reset the free failures are all there again.
    for (let i = 0; i < SIGNIN_LIMITS.freeFailures; i++) {
      await expectAppError(authenticateUser({ email: user.email, password: "nope nope nope" }, request), "UNAUTHENTICATED");
    }
    await expectRateLimited(authenticateUser({ email: user.email, password: "nope nope nope" }, request));
  });

  it("answers an unknown email like a wrong password and audits it in the platform chain", async () => {
    const request = fromNewIp();
    // A new address each run: the account budget lives in Redis for a day, and CI reuses one Redis.
    const email = `nobody-${randomUUID()}@test.vetted.local`;
    const error = await expectAppError(authenticateUser({ email, password: "whatever" }, request), "UNAUTHENTICATED");
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
    await expectAppError(authenticateUser({ email: "not-an-email", password: "" }, fromNewIp()), "VALIDATION");
  });
});
