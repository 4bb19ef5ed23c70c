import { createHmac, randomUUID } from "node:crypto";
import { baseEnv, linkedinEnv } from "@vetted/config";
import { ANY_ORG, db } from "@vetted/db";
import { commentEventJobId, LIMIT_AUDIT_ACTION, limitSubjectHash, LIMITS, setScanProducer, sha256Hex, signLinkedInPayload } from "@vetted/domain";
import { connectTestAccount, createOrgWithMembers, randomTestIp } from "@vetted/domain/testing";
import { createProducer, createProducerRedis, type Producer, type Redis } from "@vetted/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callRoute } from "./route-harness";

// LinkedIn's webhook callback as a route handler: the challenge, the X-LI-Signature check before
// anything is stored, the size cap, and one event and one job per comment however often LinkedIn
// re-delivers it.

const ROUTE = "api/webhooks/linkedin/route.ts";
const prefix = `vetted-test-${randomUUID().slice(0, 8)}`;
let redis: Redis;
let producer: Producer;
let orgId: string;
let orgUrn: string;

beforeAll(async () => {
  redis = createProducerRedis(baseEnv().REDIS_URL);
  producer = createProducer(redis, { prefix });
  setScanProducer(producer);
  const org = await createOrgWithMembers();
  orgId = org.org.id;
  orgUrn = `urn:li:organization:${Date.now()}${Math.floor(Math.random() * 1e4)}`;
  await connectTestAccount(orgId, org.users.ADMIN.id, { platform: "LINKEDIN", externalId: orgUrn });
});

afterAll(async () => {
  setScanProducer(null);
  await producer.queue("comments").obliterate({ force: true });
  await producer.close();
  await redis.quit();
});

const secret = () => linkedinEnv().LINKEDIN_CLIENT_SECRET!;
const stored = (body: string) => db().webhookDelivery.count({ where: { orgId: ANY_ORG, bodySha256: sha256Hex(body) } });
// The tests play the reverse proxy (TRUSTED_PROXIES=127.0.0.1 in vitest.config.ts), so X-Forwarded-For names the sender.
const post = (body: string, signature?: string, ip?: string) =>
  callRoute(ROUTE, "POST", {}, { body, headers: { ...(signature ? { "x-li-signature": signature } : {}), ...(ip ? { "x-forwarded-for": ip } : {}) } });
const delivery = (commentId: string) =>
  JSON.stringify({
    type: "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS",
    notifications: [{
      notificationId: 1, organizationalEntity: orgUrn, action: "COMMENT", sourcePost: "urn:li:activity:700", lastModifiedAt: Date.now(),
      generatedActivity: `urn:li:comment:(activity:700,${commentId})`,
      decoratedGeneratedActivity: { comment: { entity: `urn:li:comment:(urn:li:activity:700,${commentId})`, owner: "urn:li:person:p1", text: "Is parking free on weekends?" } },
    }],
  });

describe("GET /api/webhooks/linkedin (challenge)", () => {
  it("answers the challenge code with its HMAC under the client secret, as JSON", async () => {
    const code = randomUUID();
    const res = await callRoute(ROUTE, "GET", {}, { query: `?challengeCode=${code}` });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ challengeCode: code, challengeResponse: createHmac("sha256", secret()).update(code).digest("hex") });
  });
  it("answers 400 naming challengeCode when it is missing or malformed", async () => {
    for (const query of ["", "?challengeCode=%3Cscript%3E"]) {
      const res = await callRoute(ROUTE, "GET", {}, { query });
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain("challengeCode");
    }
  });
});

describe("POST /api/webhooks/linkedin", () => {
  it("answers 401 to a missing or bad signature and stores nothing", async () => {
    const body = delivery(String(Date.now()));
    expect((await post(body)).status).toBe(401);
    expect((await post(body, "a".repeat(64))).status).toBe(401);
    expect((await post(body, signLinkedInPayload(body, "some-other-client-secret"))).status).toBe(401);
    // The HMAC of the body alone (without LinkedIn's "hmacsha256=" prefix) is not the signature.
    expect((await post(body, createHmac("sha256", secret()).update(body).digest("hex"))).status).toBe(401);
    expect(await stored(body)).toBe(0);
  });

  it("refuses a body over the cap with 413, and a signed body that is not a notification with 400", async () => {
    expect((await callRoute(ROUTE, "POST", {}, { body: "x".repeat(256 * 1024 + 1) })).status).toBe(413);
    expect((await post("[1,2]", signLinkedInPayload("[1,2]", secret()))).status).toBe(400);
  });

  it("stores and queues a comment once, however often LinkedIn re-delivers it", async () => {
    const commentId = String(Date.now());
    const body = delivery(commentId);
    const signature = signLinkedInPayload(body, secret());
    const started = Date.now();
    const res = await post(body, signature);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(res.status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await post(body, `hmacsha256=${signature}`)).status).toBe(200);
    expect(await stored(body)).toBe(3);
    const events = await db().commentEvent.findMany({ where: { orgId, objectId: `urn:li:comment:(urn:li:activity:700,${commentId})` } });
    expect(events).toEqual([expect.objectContaining({ platform: "LINKEDIN", verb: "add", postExternalId: "urn:li:activity:700" })]);
    const jobs = await producer.queue("comments").getJobs(["waiting", "delayed", "active", "completed", "failed"]);
    expect(jobs.filter((j) => j.data.commentEventId === events[0]!.id).map((j) => j.id)).toEqual([commentEventJobId(events[0]!.dedupeKey)]);
    // The delivery that created the event names it, and its job (issue 15): the id its answer carried.
    const requestId = res.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(events[0]!.requestId).toBe(requestId);
    expect(jobs.find((j) => j.data.commentEventId === events[0]!.id)?.data).toEqual({ orgId, commentEventId: events[0]!.id, requestId });
  });
});

describe("POST /api/webhooks/linkedin: wrong signatures per IP", () => {
  it("answers 429 with Retry-After past 60 bad signatures a minute, audited once by the IP's hash; valid deliveries pass", async () => {
    const ip = randomTestIp();
    const body = delivery(`${Date.now()}9`);
    for (let i = 0; i < LIMITS["webhook.bad_signatures"].points; i++) expect((await post(body, "c".repeat(64), ip)).status).toBe(401);
    for (let i = 0; i < 3; i++) {
      const limited = await post(body, "c".repeat(64), ip);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    const events = await db().auditEvent.findMany({ where: { chainKey: "platform", orgId: null, action: LIMIT_AUDIT_ACTION, metadata: { path: ["subjectHash"], equals: limitSubjectHash("ip", ip) } } });
    expect(events).toEqual([expect.objectContaining({ actorLabel: "webhook", targetId: "webhook.bad_signatures", ip: null })]);
    expect((await post(body, signLinkedInPayload(body, secret()), ip)).status).toBe(200);
  });
});
