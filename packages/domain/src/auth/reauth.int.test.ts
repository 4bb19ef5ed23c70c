import { randomInt } from "node:crypto";
import { db } from "@vetted/db";
import { describe, expect, it } from "vitest";
import { auditEventsFor, createOrgWithMembers, expectAppError, TEST_PASSWORD, testRequest } from "../testing";
import { authenticateUser } from "./authenticate-user";
import { confirmMfaEnrolment, startMfaEnrolment } from "./mfa/enrol-mfa";
import { totpAt } from "./mfa/totp";
import { assertRecentReauth, reauthenticate, REAUTH_MINUTES } from "./reauth";
import { endUserSessions, touchSession } from "./sessions";
import { listMySessions, revokeMyOtherSessions, revokeMySession } from "./user-sessions";

// Issue 15: re-authentication recorded on the session row, and the person's own session list.

const fromNewIp = () => ({ ...testRequest(), ip: `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` });
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe("re-authentication", () => {
  it("a sign-in counts as fresh; after REAUTH_MINUTES the session needs the password again, recorded on its row", async () => {
    const { users, org } = await createOrgWithMembers();
    const user = users.ADMIN;
    const { sessionId } = await authenticateUser({ email: user.email, password: TEST_PASSWORD }, fromNewIp());
    await assertRecentReauth(sessionId);
    await expectAppError(assertRecentReauth(sessionId, new Date(Date.now() + (REAUTH_MINUTES + 1) * 60_000)), "REAUTH_REQUIRED");

    await db().userSession.update({ where: { id: sessionId }, data: { reauthAt: minutesAgo(REAUTH_MINUTES + 1) } });
    await expectAppError(assertRecentReauth(sessionId), "REAUTH_REQUIRED");
    await expectAppError(reauthenticate(user.id, sessionId, { password: "not it" }, fromNewIp()), "VALIDATION");
    await expectAppError(reauthenticate(user.id, sessionId, {}, fromNewIp()), "VALIDATION");
    await expectAppError(assertRecentReauth(sessionId), "REAUTH_REQUIRED");
    const { reauthAt } = await reauthenticate(user.id, sessionId, { password: TEST_PASSWORD }, fromNewIp());
    expect((await db().userSession.findUniqueOrThrow({ where: { id: sessionId } })).reauthAt).toEqual(reauthAt);
    await assertRecentReauth(sessionId);
    const actions = (await auditEventsFor(org.id, { targetId: user.id })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["auth.reauth_failed", "auth.reauthenticated"]));
  });

  it("accepts a TOTP code instead of the password; another user's session cannot be re-authenticated; an ended one is refused", async () => {
    const { users } = await createOrgWithMembers();
    const session = await db().userSession.create({ data: { userId: users.STAFF.id, idleMinutes: 15 } });
    const { secret } = await startMfaEnrolment(users.STAFF.id);
    const earlier = minutesAgo(2);
    await confirmMfaEnrolment(users.STAFF.id, session.id, { code: await totpAt(secret, earlier) }, testRequest(), earlier);
    await db().userSession.update({ where: { id: session.id }, data: { reauthAt: null } });
    await expectAppError(reauthenticate(users.CONSULTANT.id, session.id, { password: TEST_PASSWORD }, fromNewIp()), "UNAUTHENTICATED");
    await reauthenticate(users.STAFF.id, session.id, { code: await totpAt(secret, new Date()) }, fromNewIp());
    await assertRecentReauth(session.id);
    await db().userSession.update({ where: { id: session.id }, data: { endedAt: new Date() } });
    await expectAppError(assertRecentReauth(session.id), "UNAUTHENTICATED");
  });
});

describe("the person's sessions", () => {
  it("lists only live sessions of the caller; revokes one, then all others; another user's id is NOT_FOUND", async () => {
    const { users, org } = await createOrgWithMembers();
    const me = users.CONSULTANT.id;
    const mk = (data: Partial<{ lastSeenAt: Date; endedAt: Date; ip: string }> = {}) =>
      db().userSession.create({ data: { userId: me, idleMinutes: 15, ip: "192.0.2.7", userAgent: "Firefox", ...data } });
    const current = await mk();
    const [other1, other2] = [await mk({ ip: "192.0.2.8" }), await mk()];
    await mk({ endedAt: new Date() });
    await mk({ lastSeenAt: minutesAgo(30) }); // past its idle timeout
    const theirs = await db().userSession.create({ data: { userId: users.STAFF.id, idleMinutes: 15 } });

    const listed = await listMySessions(me, current.id);
    expect(listed.map((s) => s.id).sort()).toEqual([current.id, other1.id, other2.id].sort());
    expect(listed.find((s) => s.id === current.id)).toMatchObject({ current: true, ip: "192.0.2.7", userAgent: "Firefox" });

    await expectAppError(revokeMySession(me, { sessionId: theirs.id }, testRequest()), "NOT_FOUND");
    await expectAppError(revokeMySession(me, { sessionId: "nope" }, testRequest()), "VALIDATION");
    expect(await touchSession(theirs.id, testRequest())).toMatchObject({ valid: true });

    await revokeMySession(me, { sessionId: other1.id }, testRequest());
    expect(await touchSession(other1.id, testRequest())).toEqual({ valid: false, reason: "ended" });
    // other2, and the idle row no request has ended yet.
    expect(await revokeMyOtherSessions(me, current.id, testRequest())).toEqual({ ended: 2 });
    expect((await listMySessions(me, current.id)).map((s) => s.id)).toEqual([current.id]);
    expect(await auditEventsFor(org.id, { action: "auth.sessions_revoked", targetId: me })).toEqual([
      expect.objectContaining({ metadata: { reason: "signed_out_everywhere", count: 2 } }),
    ]);
  });

  it("endUserSessions (password reset) ends every session of the user at once", async () => {
    const { users } = await createOrgWithMembers();
    const sessions = await Promise.all([1, 2].map(() => db().userSession.create({ data: { userId: users.STAFF.id, idleMinutes: 15 } })));
    expect(await endUserSessions(users.STAFF.id, "password_reset")).toBe(2);
    for (const s of sessions) expect(await touchSession(s.id, testRequest())).toEqual({ valid: false, reason: "ended" });
    expect(await endUserSessions(users.STAFF.id, "password_reset")).toBe(0);
  });
});
