import { db, disconnectDb } from "@vetted/db";
import { addMember, createAgency, createOrg, createUser } from "@vetted/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, testPasswordHash, testRequest } from "../testing";
import { endSession, idleMinutesFor, startSession, touchSession } from "./sessions";

let passwordHash: string;
let agencyId: string;

async function userWithTimeouts(...minutes: number[]) {
  const user = await createUser({ passwordHash });
  const orgs = [];
  for (const m of minutes) {
    const org = await createOrg(agencyId);
    await db().organization.update({ where: { id: org.id }, data: { idleTimeoutMinutes: m } });
    await addMember(org.id, user.id, "STAFF");
    orgs.push(org);
  }
  const session = await db().$transaction((tx) => startSession(tx, user.id, testRequest()));
  return { user, orgs, session };
}

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);

beforeAll(async () => {
  passwordHash = await testPasswordHash();
  agencyId = (await createAgency()).id;
});

afterAll(() => disconnectDb());

describe("sessions", () => {
  it("uses the smallest idle timeout among the user's orgs", async () => {
    const { user, session } = await userWithTimeouts(30, 7, 20);
    expect(session.idleMinutes).toBe(7);
    expect(await db().$transaction((tx) => idleMinutesFor(tx, user.id))).toBe(7);
  });

  it("keeps a recently used session valid and moves lastSeenAt forward", async () => {
    const { user, session } = await userWithTimeouts(10);
    await db().userSession.update({ where: { id: session.id }, data: { lastSeenAt: ago(5) } });
    const check = await touchSession(session.id, testRequest());
    expect(check).toMatchObject({ valid: true, userId: user.id, idleMinutes: 10 });
    const after = await db().userSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(after.lastSeenAt.getTime()).toBeGreaterThan(ago(1).getTime());
  });

  it("ends an idle session on the server and audits auth.idle_logoff in each org", async () => {
    const { user, orgs, session } = await userWithTimeouts(10, 12);
    await db().userSession.update({ where: { id: session.id }, data: { lastSeenAt: ago(11) } });
    const request = testRequest();
    expect(await touchSession(session.id, request)).toEqual({ valid: false, reason: "idle" });

    const ended = await db().userSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(ended.endReason).toBe("idle");
    expect(ended.endedAt).toBeInstanceOf(Date);
    for (const org of orgs) {
      expect(await auditEventsFor(org.id, { action: "auth.idle_logoff", targetId: user.id })).toEqual([
        expect.objectContaining({ actorId: user.id, metadata: { sessionId: session.id }, userAgent: request.userAgent }),
      ]);
    }
    // Later requests on the dead session are refused without a second audit event.
    expect(await touchSession(session.id, request)).toEqual({ valid: false, reason: "ended" });
    expect(await auditEventsFor(orgs[0]?.id ?? "", { action: "auth.idle_logoff", targetId: user.id })).toHaveLength(1);
  });

  it("ends a session once even when sign-out and the idle check race", async () => {
    const { user, orgs, session } = await userWithTimeouts(10);
    await Promise.all([endSession(session.id, "signout", testRequest()), endSession(session.id, "idle", testRequest())]);
    const events = await auditEventsFor(orgs[0]?.id ?? "", { targetId: user.id });
    expect(events.filter((e) => e.action === "auth.signed_out" || e.action === "auth.idle_logoff")).toHaveLength(1);
  });

  it("reports an unknown session, a malformed id too", async () => {
    expect(await touchSession("00000000-0000-4000-8000-000000000000", testRequest())).toEqual({ valid: false, reason: "unknown" });
    expect(await touchSession("not-a-session-id", testRequest())).toEqual({ valid: false, reason: "unknown" });
  });

  it("reads lastSeenAt as the instant stored (UTC), and leaves a session seen within 30 s untouched", async () => {
    const { session } = await userWithTimeouts(10);
    const seen = new Date(Date.now() - 10_000);
    await db().userSession.update({ where: { id: session.id }, data: { lastSeenAt: seen } });
    const check = await touchSession(session.id, testRequest());
    expect(check).toMatchObject({ valid: true, lastSeenAt: seen, mfaEnrolmentDue: false });
    expect((await db().userSession.findUniqueOrThrow({ where: { id: session.id } })).lastSeenAt).toEqual(seen);
  });
});
