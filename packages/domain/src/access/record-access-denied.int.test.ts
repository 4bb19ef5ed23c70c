import { disconnectDb } from "@vetted/db";
import { createAgency, createOrg, createUser, uniq } from "@vetted/db/testing";
import { createProducerRedis } from "@vetted/queue";
import { baseEnv } from "@vetted/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, testPasswordHash } from "../testing";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { AccessDenialLimiter, recordAccessDenied } from "./record-access-denied";

// Finding 8a: refusals are recorded, one event per (user, chain, reason) per window, with a count
// of the attempts that were not written one by one.

const redis = createProducerRedis(baseEnv().REDIS_URL);
let userId: string;
let orgA: { id: string; slug: string };

beforeAll(async () => {
  const agency = await createAgency();
  orgA = await createOrg(agency.id);
  userId = (await createUser({ passwordHash: await testPasswordHash() })).id;
});
afterAll(async () => {
  redis.disconnect();
  await disconnectDb();
});

const request = { ip: "203.0.113.5", userAgent: "denial-test" };

describe("recordAccessDenied", () => {
  it("records a probe of a real org in that org's chain, without the query string", async () => {
    const limiter = new AccessDenialLimiter(redis, { windowSeconds: 60, keyPrefix: `test:${uniq("d")}` });
    await recordAccessDenied({ userId, orgSlug: orgA.slug, where: "/api/orgs/[orgSlug]/consents/search?q=Jane+Doe", request }, limiter);
    const events = await auditEventsFor(orgA.id, { action: "access.denied" });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: userId, targetType: "Organization", targetId: orgA.id, ip: "203.0.113.5", metadata: { reason: "not_member", route: "/api/orgs/[orgSlug]/consents/search" } });
    expect(JSON.stringify(events[0])).not.toMatch(/Jane/);
    expect((await verifyAuditChain(orgA.id)).ok).toBe(true);
  });

  it("writes one event for 20 attempts in a window, and the next window's event carries the count", async () => {
    const agency = await createAgency();
    const org = await createOrg(agency.id);
    const limiter = new AccessDenialLimiter(redis, { windowSeconds: 1, keyPrefix: `test:${uniq("d")}` });
    const results = [];
    for (let i = 0; i < 20; i++) results.push(await recordAccessDenied({ userId, orgSlug: org.slug, where: "/orgs/[orgSlug]", request }, limiter));
    expect(results.filter((r) => r === "recorded")).toHaveLength(1);
    expect(await auditEventsFor(org.id, { action: "access.denied" })).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1_100));
    await recordAccessDenied({ userId, orgSlug: org.slug, where: "/orgs/[orgSlug]", request }, limiter);
    const events = await auditEventsFor(org.id, { action: "access.denied" });
    expect(events.map((e) => (e.metadata as { suppressed?: number }).suppressed)).toEqual([undefined, 19]);
  });

  it("counts the same way without Redis (per process)", async () => {
    const agency = await createAgency();
    const org = await createOrg(agency.id);
    const limiter = new AccessDenialLimiter(null, { windowSeconds: 60, keyPrefix: "mem" });
    for (let i = 0; i < 5; i++) await recordAccessDenied({ userId, orgSlug: org.slug, where: "/orgs/[orgSlug]", request }, limiter);
    expect(await auditEventsFor(org.id, { action: "access.denied" })).toHaveLength(1);
  });

  it("records an unknown slug in the platform chain, without the slug", async () => {
    const limiter = new AccessDenialLimiter(redis, { windowSeconds: 60, keyPrefix: `test:${uniq("d")}` });
    const slug = `no-such-org-${uniq("x")}`;
    await recordAccessDenied({ userId, orgSlug: slug, where: "/orgs/[orgSlug]/posts", request }, limiter);
    const events = (await auditEventsFor(null, { action: "access.denied" })).filter((e) => e.actorId === userId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ orgId: null, targetType: "Organization", targetId: null, metadata: { reason: "unknown_org", route: "/orgs/[orgSlug]/posts" } });
    expect(JSON.stringify(events[0])).not.toContain(slug);
  });

  it("records a refusal by role with the permission it lacked", async () => {
    const limiter = new AccessDenialLimiter(redis, { windowSeconds: 60, keyPrefix: `test:${uniq("d")}` });
    await recordAccessDenied({ userId, orgId: orgA.id, permission: "members.view", where: "server action", request }, limiter);
    const events = await auditEventsFor(orgA.id, { action: "access.denied" });
    expect(events.at(-1)).toMatchObject({ actorId: userId, metadata: { reason: "forbidden", permission: "members.view", route: "server action" } });
  });
});
