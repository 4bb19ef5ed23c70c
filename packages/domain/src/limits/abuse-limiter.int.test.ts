import { randomUUID } from "node:crypto";
import { db } from "@vetted/db";
import { addMember, createUser, uniq } from "@vetted/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestPasswordReset } from "../auth/password-reset";
import { RateLimitedError } from "../errors";
import { inviteMember } from "../invitations/invite-member";
import { outboxMailsTo } from "../mail/mails-to";
import { auditEventsFor, createOrgWithMembers, createTenantContext, expectAppError, randomTestIp, spendLimit, testPasswordHash, testRequest, type TestOrg } from "../testing";
import { AbuseLimiter } from "./abuse-limiter";
import { LIMIT_AUDIT_ACTION } from "./enforce-limits";
import { admitUpload } from "./limit-checks";
import { limitSubjectHash } from "./limit-keys";
import { LIMITS } from "./limit-table";
import { closeLimiters, limiterRedis } from "./limiter-connection";

// The abuse limits against the real Redis (TEST_REDIS_URL) and PostgreSQL: under a limit the use
// case runs, over it RATE_LIMITED with the wait, the first refusal of a window audited once (ids and
// hashes only), and every org, user, address and IP counted apart. Budgets are spent through the
// same limiter the use cases use, so a test does not need 1,000 real uploads to reach one.

let a: TestOrg;
let b: TestOrg;
beforeAll(async () => {
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
});
afterAll(() => closeLimiters());

const limitEvents = (orgId: string | null, limit: string) => auditEventsFor(orgId, { action: LIMIT_AUDIT_ACTION, targetId: limit });
const platformEventsFor = (subjectHash: string) =>
  db().auditEvent.findMany({ where: { chainKey: "platform", orgId: null, action: LIMIT_AUDIT_ACTION, metadata: { path: ["subjectHash"], equals: subjectHash } } });

async function refusal(promise: Promise<unknown>): Promise<RateLimitedError> {
  const error = await expectAppError(promise, "RATE_LIMITED");
  expect(error).toBeInstanceOf(RateLimitedError);
  return error as RateLimitedError;
}

describe("the limiter", () => {
  const table = { ...LIMITS, "uploads.user": { ...LIMITS["uploads.user"], points: 2, windowSeconds: 60 }, "uploads.org": { ...LIMITS["uploads.org"], points: 3, windowSeconds: 60 } };
  const limiter = () => new AbuseLimiter(limiterRedis(), table, `vetted:test:${randomUUID()}`);

  it("counts to the budget, then refuses with the window's wait; the first refusal only is marked", async () => {
    const l = limiter();
    const check = { limit: "uploads.user" as const, subject: randomUUID() };
    expect(await l.consume([check])).toBeNull();
    expect(await l.consume([check])).toBeNull();
    const first = await l.consume([check]);
    expect(first).toMatchObject({ limit: "uploads.user", firstRefusal: true });
    expect(first!.retryAfterSeconds).toBeGreaterThan(0);
    expect(first!.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await l.consume([check])).toMatchObject({ firstRefusal: false });
    expect(await l.peek(check)).toMatchObject({ limit: "uploads.user", firstRefusal: false });
    // Another subject has a bucket of its own.
    expect(await l.consume([{ limit: "uploads.user", subject: randomUUID() }])).toBeNull();
  });

  it("is all or nothing: a refusal by one rule gives back what the rules before it took", async () => {
    const l = limiter();
    const org = randomUUID();
    const full = randomUUID();
    await l.consume([{ limit: "uploads.user", subject: full }]);
    await l.consume([{ limit: "uploads.user", subject: full }]);
    // The org's bucket is checked second: the user's refusal must not spend it.
    for (let i = 0; i < 5; i++) expect(await l.consume([{ limit: "uploads.org", subject: org }, { limit: "uploads.user", subject: full }])).toMatchObject({ limit: "uploads.user" });
    expect(await l.peek({ limit: "uploads.org", subject: org })).toBeNull();
    for (let i = 0; i < 3; i++) expect(await l.consume([{ limit: "uploads.org", subject: org }, { limit: "uploads.user", subject: randomUUID() }])).toBeNull();
    expect(await l.consume([{ limit: "uploads.org", subject: org }])).toMatchObject({ limit: "uploads.org" });
  });

  it("keeps an address or an IP in Redis only as a keyed hash", async () => {
    const prefix = `vetted:test:${randomUUID()}`;
    const l = new AbuseLimiter(limiterRedis(), LIMITS, prefix);
    const email = `${uniq("clear")}@test.vetted.local`;
    await l.consume([{ limit: "password_reset.email", subject: email }, { limit: "public_link.misses", subject: "10.1.2.3" }]);
    const keys = await limiterRedis().keys(`${prefix}:*`);
    expect(keys).toHaveLength(2);
    expect(keys.join(" ")).not.toContain(email.split("@")[0]);
    expect(keys.join(" ")).not.toContain("10.1.2.3");
    expect(keys).toContain(`${prefix}:password_reset.email:${limitSubjectHash("email", email)}`);
  });
});

describe("invitations", () => {
  it("refuses the inviter's 21st invitation of the hour with the wait, audits it once, and sends no mail", async () => {
    const t = await createOrgWithMembers();
    const admin = t.ctx.ADMIN;
    await spendLimit("invitations.user", admin.user.id, LIMITS["invitations.user"].points - 1);
    await inviteMember(admin, { email: `${uniq("last")}@test.vetted.local`, role: "STAFF" });
    const over = `${uniq("over")}@test.vetted.local`;
    const refused = await refusal(inviteMember(admin, { email: over, role: "STAFF" }));
    expect(refused).toMatchObject({ status: 429, limit: "invitations.user" });
    expect(refused.retryAfterSeconds).toBeGreaterThan(3_500);
    expect(refused.message).toMatch(/^Too many invitations sent by you in the last hour: try again in \d+ minutes$/);
    await refusal(inviteMember(admin, { email: over, role: "STAFF" }));
    expect(await outboxMailsTo(over)).toHaveLength(0);
    expect(await db().invitation.count({ where: { orgId: t.org.id, email: over } })).toBe(0);
    const events = await limitEvents(t.org.id, "invitations.user");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: admin.user.id, ip: null, userAgent: null, metadata: { limit: "invitations.user", per: "user", points: 20, windowSeconds: 3600 } });
    expect(JSON.stringify(events[0]!.metadata)).not.toContain("@");
    // Another inviter of the same org still has their own budget.
    const second = await createUser({ passwordHash: await testPasswordHash() });
    await addMember(t.org.id, second.id, "ADMIN");
    await inviteMember(createTenantContext(t.org, second, "ADMIN"), { email: `${uniq("other")}@test.vetted.local`, role: "STAFF" });
  });

  it("refuses every inviter once the org has sent 50 in the hour, and leaves other orgs alone", async () => {
    await spendLimit("invitations.org", a.org.id, LIMITS["invitations.org"].points);
    const refused = await refusal(inviteMember(a.ctx.ADMIN, { email: `${uniq("org")}@test.vetted.local`, role: "STAFF" }));
    expect(refused.limit).toBe("invitations.org");
    // The org's refusal did not spend the inviter's own budget.
    expect(await new AbuseLimiter(limiterRedis()).peek({ limit: "invitations.user", subject: a.users.ADMIN.id })).toBeNull();
    expect(await limitEvents(a.org.id, "invitations.org")).toHaveLength(1);
    await inviteMember(b.ctx.ADMIN, { email: `${uniq("b")}@test.vetted.local`, role: "STAFF" });
  });
});

describe("uploads", () => {
  it("admits 200 an hour per uploader, then refuses with the wait and audits the first refusal once", async () => {
    const t = await createOrgWithMembers();
    await spendLimit("uploads.user", t.users.STAFF.id, LIMITS["uploads.user"].points - 1);
    await admitUpload(t.ctx.STAFF);
    const refused = await refusal(admitUpload(t.ctx.STAFF));
    expect(refused.limit).toBe("uploads.user");
    await refusal(admitUpload(t.ctx.STAFF));
    await admitUpload(t.ctx.CONSULTANT);
    expect(await limitEvents(t.org.id, "uploads.user")).toHaveLength(1);
  });

  it("admits 1,000 an hour per org, whoever uploads", async () => {
    const t = await createOrgWithMembers();
    await spendLimit("uploads.org", t.org.id, LIMITS["uploads.org"].points);
    expect((await refusal(admitUpload(t.ctx.ADMIN))).limit).toBe("uploads.org");
    expect((await refusal(admitUpload(t.ctx.STAFF))).limit).toBe("uploads.org");
    expect(await limitEvents(t.org.id, "uploads.org")).toHaveLength(1);
    await admitUpload(b.ctx.STAFF);
  });
});

describe("password reset requests", () => {
  it("answers a known and an unknown address alike: 3 an hour each, then refused, audited once by hash", async () => {
    const known = a.users.STAFF.email;
    const unknown = `${uniq("nobody")}@test.vetted.local`;
    for (const email of [known, unknown]) {
      for (let i = 0; i < LIMITS["password_reset.email"].points; i++) await requestPasswordReset({ email }, { ...testRequest(), ip: randomTestIp() });
      const refused = await refusal(requestPasswordReset({ email }, { ...testRequest(), ip: randomTestIp() }));
      expect(refused.limit).toBe("password_reset.email");
      await refusal(requestPasswordReset({ email: email.toUpperCase() }, { ...testRequest(), ip: randomTestIp() }));
      const events = await platformEventsFor(limitSubjectHash("email", email));
      expect(events).toHaveLength(1);
      expect(JSON.stringify(events[0])).not.toContain(email.split("@")[0]);
      expect(events[0]).toMatchObject({ actorId: null, actorLabel: "anonymous", ip: null });
    }
  });

  it("refuses an IP walking a list of addresses after 20 an hour; another IP is not affected", async () => {
    const ip = randomTestIp();
    await spendLimit("password_reset.ip", ip, LIMITS["password_reset.ip"].points - 1);
    await requestPasswordReset({ email: `${uniq("walk")}@test.vetted.local` }, { ...testRequest(), ip });
    const fresh = `${uniq("walk")}@test.vetted.local`;
    expect((await refusal(requestPasswordReset({ email: fresh }, { ...testRequest(), ip }))).limit).toBe("password_reset.ip");
    // The IP's refusal did not spend the address's budget.
    await requestPasswordReset({ email: fresh }, { ...testRequest(), ip: randomTestIp() });
    expect(await platformEventsFor(limitSubjectHash("ip", ip))).toHaveLength(1);
  });
});
