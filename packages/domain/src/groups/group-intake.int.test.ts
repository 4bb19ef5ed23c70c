import { randomUUID } from "node:crypto";
import { baseEnv, DEV_INTAKE_SECRET } from "@vetted/config";
import { db } from "@vetted/db";
import { connectionFromUrl } from "@vetted/queue";
import { Redis } from "ioredis";
import { beforeAll, describe, expect, it } from "vitest";
import { AbuseLimiter } from "../limits/abuse-limiter";
import { LIMITS } from "../limits/limit-table";
import { auditEventsFor, createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { getGroupReport } from "./get-group-report";
import { getGroupIntakeAddress, rotateGroupIntakeAddress } from "./group-intake-address";
import { receiveGroupIntake } from "./receive-group-intake";

// Our own sentences, as a forwarded mail would carry them.
const FORWARDED = "---------- Forwarded message ---------\nFrom the 3 East staff group: Bernard Okafor in room 302 is back, his dialysis failed again.";
const CLEAN = "---------- Forwarded message ---------\nThe staff softball game is on Sunday at noon.";

let a: TestOrg;
let b: TestOrg;
let addressA: string;

beforeAll(async () => {
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
  addressA = (await getGroupIntakeAddress(a.ctx.STAFF)).address!;
});

describe("the per-org intake address", () => {
  it("is created once, stable, different per org, and visible to every member", async () => {
    expect(addressA).toMatch(/^groups\+[0-9a-f]{32}@intake\.vetted\.local$/);
    expect((await getGroupIntakeAddress(a.ctx.COMPLIANCE_OFFICER)).address).toBe(addressA);
    expect((await getGroupIntakeAddress(b.ctx.ADMIN)).address).not.toBe(addressA);
    expect(await db().groupIntakeAddress.count({ where: { orgId: a.org.id } })).toBe(1);
    expect((await auditEventsFor(a.org.id, { action: "group_intake.created" })).length).toBe(1);
  });

  it("is replaced by a compliance officer only; the old address stops filing, the new one files", async () => {
    const org = await createOrgWithMembers();
    const old = (await getGroupIntakeAddress(org.ctx.STAFF)).address!;
    for (const role of ["STAFF", "CONSULTANT"] as const) await expectAppError(rotateGroupIntakeAddress(org.ctx[role]), "FORBIDDEN");
    const { address } = await rotateGroupIntakeAddress(org.ctx.COMPLIANCE_OFFICER);
    expect(address).toMatch(/^groups\+[0-9a-f]{32}@intake\.vetted\.local$/);
    expect(address).not.toBe(old);
    expect((await getGroupIntakeAddress(org.ctx.STAFF)).address).toBe(address);
    await expectAppError(receiveGroupIntake(DEV_INTAKE_SECRET, { to: old, from: "x@y.org", text: CLEAN }), "NOT_FOUND");
    const filed = await receiveGroupIntake(DEV_INTAKE_SECRET, { to: address!, from: "x@y.org", text: CLEAN });
    expect(filed).toBeTruthy();
    expect((await auditEventsFor(org.org.id, { action: "group_intake.rotated" })).map((e) => e.actorId)).toEqual([org.users.COMPLIANCE_OFFICER.id]);
    // Another org's address is untouched.
    expect((await getGroupIntakeAddress(a.ctx.STAFF)).address).toBe(addressA);
  });
});

describe("receiving a forwarded post", () => {
  it("refuses a missing or wrong secret before looking at the body", async () => {
    await expectAppError(receiveGroupIntake(null, { to: addressA, from: "x@y.org", text: CLEAN }), "UNAUTHENTICATED");
    await expectAppError(receiveGroupIntake("wrong-secret", { to: addressA, from: "x@y.org", text: CLEAN }), "UNAUTHENTICATED");
    await expectAppError(receiveGroupIntake("wrong-secret", "not even an object"), "UNAUTHENTICATED");
  });

  it("answers not found for a token no org has, and names the field for a bad body", async () => {
    await expectAppError(receiveGroupIntake(DEV_INTAKE_SECRET, { to: "groups+ffffffffffffffffffffffffffffffff@intake.vetted.local", from: "x@y.org", text: CLEAN }), "NOT_FOUND");
    await expectAppError(receiveGroupIntake(DEV_INTAKE_SECRET, { to: addressA.replace("intake.vetted.local", "elsewhere.org"), from: "x@y.org", text: CLEAN }), "NOT_FOUND");
    const bad = await expectAppError(receiveGroupIntake(DEV_INTAKE_SECRET, { to: addressA, from: "x@y.org", text: "  " }), "VALIDATION");
    expect((bad as unknown as { fields: Record<string, string[]> }).fields.text).toBeDefined();
  });

  it("files a member's forward under their name: scanned, sealed, officers told, a blocked post opens the incident", async () => {
    const from = `"${a.users.STAFF.name}" <${a.users.STAFF.email.toUpperCase()}>`;
    const { reportId, verdict } = await receiveGroupIntake(DEV_INTAKE_SECRET, { to: `Intake <${addressA}>`, from, subject: "Fwd: look at this", text: FORWARDED });
    expect(verdict).toBe("block");
    const row = await db().groupReport.findFirstOrThrow({ where: { id: reportId, orgId: a.org.id } });
    expect(row).toMatchObject({ source: "EMAIL", channel: "PRIVATE_GROUP", status: "OPEN", reporterId: a.users.STAFF.id, reporterEmailCipher: null, groupNameCipher: null });
    expect(JSON.stringify(row)).not.toMatch(/Okafor|dialysis/);
    expect(await db().notification.count({ where: { orgId: a.org.id, kind: "group_report", userId: a.users.COMPLIANCE_OFFICER.id } })).toBe(1);
    expect(await db().incident.count({ where: { orgId: a.org.id, reportId } })).toBe(1);
    const [received] = await auditEventsFor(a.org.id, { action: "group_report.received", targetId: reportId });
    expect(received).toMatchObject({ actorId: a.users.STAFF.id, metadata: { source: "EMAIL", reporterIsMember: true, chars: FORWARDED.length } });
    const view = await getGroupReport(a.ctx.COMPLIANCE_OFFICER, { reportId });
    expect(view).toMatchObject({ text: FORWARDED, reporter: a.users.STAFF.name, groupName: null });
    expect(await db().groupReport.count({ where: { orgId: b.org.id } })).toBe(0);
  });

  it("keeps a non-member sender's address sealed and audits the intake as the actor", async () => {
    const { reportId, verdict } = await receiveGroupIntake(DEV_INTAKE_SECRET, { to: addressA, from: "Someone <someone@personal-mail.example>", text: CLEAN });
    expect(verdict).toBe("allow");
    const row = await db().groupReport.findFirstOrThrow({ where: { id: reportId, orgId: a.org.id } });
    expect(row.reporterId).toBeNull();
    expect(row.reporterEmailCipher).toMatch(/^v1:/);
    expect(row.reporterEmailCipher).not.toContain("personal-mail");
    const [received] = await auditEventsFor(a.org.id, { action: "group_report.received", targetId: reportId });
    expect(received).toMatchObject({ actorId: null, actorLabel: "intake" });
    expect((await getGroupReport(a.ctx.ADMIN, { reportId })).reporter).toBe("Someone <someone@personal-mail.example>");
  });
});

describe("the intake's budget per org", () => {
  it("refuses an org's forwards over the limit with the wait (429), audits the first refusal once, and leaves other orgs alone", async () => {
    const redis = new Redis(connectionFromUrl(baseEnv().REDIS_URL));
    try {
      // The real limiter on Redis, with a budget of 2 an hour under a prefix of this test's own.
      const table = { ...LIMITS, "group_intake.org": { ...LIMITS["group_intake.org"], points: 2, windowSeconds: 3600 } };
      const limiter = new AbuseLimiter(redis, table, `vetted-test:intake:${randomUUID()}`);
      const addressB = (await getGroupIntakeAddress(b.ctx.STAFF)).address!;
      const send = (to: string) => receiveGroupIntake(DEV_INTAKE_SECRET, { to, from: "x@y.org", text: CLEAN }, undefined, { limiter });
      await send(addressA);
      await send(addressA);
      const before = await db().groupReport.count({ where: { orgId: a.org.id } });
      const refused = await expectAppError(send(addressA), "RATE_LIMITED");
      const wait = (refused as unknown as { retryAfterSeconds: number }).retryAfterSeconds;
      expect(wait).toBeGreaterThan(3500);
      expect(wait).toBeLessThanOrEqual(3600);
      await expectAppError(send(addressA), "RATE_LIMITED");
      expect(await db().groupReport.count({ where: { orgId: a.org.id } })).toBe(before);
      const events = await auditEventsFor(a.org.id, { action: "rate_limit.exceeded" });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actorId: null, actorLabel: "intake", targetId: "group_intake.org", metadata: { limit: "group_intake.org", per: "org", points: 2, windowSeconds: 3600 } });
      // The secret and the token are still checked first; another org has its own budget.
      await expectAppError(receiveGroupIntake("wrong-secret", { to: addressA, from: "x@y.org", text: CLEAN }, undefined, { limiter }), "UNAUTHENTICATED");
      expect((await send(addressB)).reportId).toEqual(expect.any(String));
    } finally {
      redis.disconnect();
    }
  });
});
