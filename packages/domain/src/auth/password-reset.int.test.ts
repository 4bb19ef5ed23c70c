import { createHash, randomInt } from "node:crypto";
import { baseEnv } from "@vetted/config";
import { db, disconnectDb } from "@vetted/db";
import { createUser, uniq } from "@vetted/db/testing";
import { connectionFromUrl } from "@vetted/queue";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptInvitation } from "../invitations/accept-invitation";
import { AbuseLimiter } from "../limits/abuse-limiter";
import { closeLimiters } from "../limits/limiter-connection";
import { LIMITS } from "../limits/limit-table";
import { inviteMember } from "../invitations/invite-member";
import { outboxMailsTo } from "../mail/mails-to";
import { auditEventsFor, createOrgWithMembers, expectAppError, inviteTokenFromOutbox, TEST_PASSWORD, testPasswordHash, testRequest } from "../testing";
import { authenticateUser } from "./authenticate-user";
import { COMMON_PASSWORD_MESSAGE } from "./common-passwords";
import { checkResetToken, requestPasswordReset, resetPassword } from "./password-reset";
import { startSession } from "./sessions";

// Each request comes from its own address: the per-IP budget lives in Redis across runs.
const fromNewIp = () => ({ ...testRequest(), ip: `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` });
const NEW_PASSWORD = "violet-harbour-teaspoon-91";
let passwordHash: string;
let redis: Redis;

beforeAll(async () => {
  passwordHash = await testPasswordHash();
  redis = new Redis(connectionFromUrl(baseEnv().REDIS_URL));
});
afterAll(async () => {
  closeLimiters();
  redis.disconnect();
  await disconnectDb();
});

const newUser = () => createUser({ passwordHash, email: `${uniq("reset")}@test.vetted.local` });
async function resetLinkToken(email: string): Promise<string> {
  const token = (await outboxMailsTo(email))[0]?.text.match(/\/reset-password\/([A-Za-z0-9_-]{43})\b/)?.[1];
  if (!token) throw new Error("No reset link in the newest mail");
  return token;
}

describe("password reset", () => {
  it("mails a single-use 30-minute link whose token is stored only hashed, and ends every session on reset", async () => {
    const user = await newUser();
    const sessions = await Promise.all([db().$transaction((tx) => startSession(tx, user.id, testRequest())), db().$transaction((tx) => startSession(tx, user.id, testRequest()))]);
    await requestPasswordReset({ email: user.email.toUpperCase() }, fromNewIp());
    const token = await resetLinkToken(user.email);
    const row = await db().passwordResetToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token);
    const ttl = row.expiresAt.getTime() - Date.now();
    expect(ttl).toBeGreaterThan(29 * 60_000);
    expect(ttl).toBeLessThanOrEqual(30 * 60_000);
    expect(await checkResetToken(token, fromNewIp())).toBe("open");

    const request = testRequest();
    expect(await resetPassword({ token, password: NEW_PASSWORD }, request)).toEqual({ email: user.email });
    const after = await db().userSession.findMany({ where: { id: { in: sessions.map((s) => s.id) } } });
    expect(after.every((s) => s.endedAt !== null && s.endReason === "revoked")).toBe(true);
    expect(await auditEventsFor(null, { action: "auth.password_reset", targetId: user.id, userAgent: request.userAgent! })).toHaveLength(1);
    expect((await authenticateUser({ email: user.email, password: NEW_PASSWORD }, fromNewIp())).id).toBe(user.id);
    await expectAppError(authenticateUser({ email: user.email, password: TEST_PASSWORD }, fromNewIp()), "UNAUTHENTICATED");

    // Single use.
    await expectAppError(resetPassword({ token, password: "another-long-passphrase-7" }, testRequest()), "GONE");
    expect(await checkResetToken(token, fromNewIp())).toBe("invalid");
  });

  it("refuses an expired link, and a newer request replaces the older link", async () => {
    const user = await newUser();
    await requestPasswordReset({ email: user.email }, fromNewIp());
    const first = await resetLinkToken(user.email);
    await requestPasswordReset({ email: user.email }, fromNewIp());
    const second = await resetLinkToken(user.email);
    expect(second).not.toBe(first);
    await expectAppError(resetPassword({ token: first, password: NEW_PASSWORD }, testRequest()), "GONE");
    await db().passwordResetToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectAppError(resetPassword({ token: second, password: NEW_PASSWORD }, testRequest()), "GONE");
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(passwordHash);
  });

  it("refuses a common password (any case) with a field error, and the link still works afterwards", async () => {
    const user = await newUser();
    await requestPasswordReset({ email: user.email }, fromNewIp());
    const token = await resetLinkToken(user.email);
    const error = (await expectAppError(resetPassword({ token, password: "QWERTYUIOP123" }, testRequest()), "VALIDATION")) as Error & { fields?: Record<string, string[]> };
    expect(error.fields?.password).toEqual([COMMON_PASSWORD_MESSAGE]);
    expect(await checkResetToken(token, fromNewIp())).toBe("open");
    await resetPassword({ token, password: NEW_PASSWORD }, testRequest());
  });

  it("answers an unknown address exactly like a known one: no error, no mail, no token", async () => {
    const email = `${uniq("nobody")}@test.vetted.local`;
    const request = fromNewIp();
    await expect(requestPasswordReset({ email }, request)).resolves.toBeUndefined();
    expect(await outboxMailsTo(email)).toHaveLength(0);
    const events = await auditEventsFor(null, { action: "auth.password_reset_requested", userAgent: request.userAgent! });
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0])).not.toContain(email);
  });

  it("limits requests per address and per IP with a wait, known address or not", async () => {
    const table = { ...LIMITS, "password_reset.email": { ...LIMITS["password_reset.email"], points: 2, windowSeconds: 60 }, "password_reset.ip": { ...LIMITS["password_reset.ip"], points: 3, windowSeconds: 60 } };
    const limiter = new AbuseLimiter(redis, table, `vetted:test:${uniq("pwr")}`);
    const user = await newUser();
    const unknown = `${uniq("nobody")}@test.vetted.local`;
    for (const email of [user.email, unknown]) {
      await requestPasswordReset({ email }, fromNewIp(), limiter);
      await requestPasswordReset({ email }, fromNewIp(), limiter);
      const refused = (await expectAppError(requestPasswordReset({ email }, fromNewIp(), limiter), "RATE_LIMITED")) as Error & { code: string; retryAfterSeconds: number };
      expect(refused.retryAfterSeconds).toBeGreaterThan(0);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
    expect(await outboxMailsTo(user.email)).toHaveLength(2);
    const ip = fromNewIp();
    for (let i = 0; i < 3; i++) await requestPasswordReset({ email: `${uniq("walk")}@test.vetted.local` }, ip, limiter);
    await expectAppError(requestPasswordReset({ email: `${uniq("walk")}@test.vetted.local` }, ip, limiter), "RATE_LIMITED");
  });
});

describe("invitation acceptance", () => {
  it("refuses a common password for a new account with a field error", async () => {
    const t = await createOrgWithMembers();
    const email = `${uniq("invitee")}@test.vetted.local`;
    await inviteMember(t.ctx.ADMIN, { email, role: "STAFF" });
    const token = await inviteTokenFromOutbox(email);
    const error = (await expectAppError(acceptInvitation({ token, name: "New Person", password: "Password1234" }, testRequest()), "VALIDATION")) as Error & { fields?: Record<string, string[]> };
    expect(error.fields?.password).toEqual([COMMON_PASSWORD_MESSAGE]);
    expect(await db().user.findUnique({ where: { email } })).toBeNull();
  });
});
