import { randomUUID } from "node:crypto";
import { baseEnv, metaEnv } from "@vetted/config";
import { ANY_ORG, db } from "@vetted/db";
import { commentEventJobId, LIMITS, setScanProducer, sha256Hex } from "@vetted/domain";
import { connectTestAccount, createOrgWithMembers, feedBody, randomTestIp, signed } from "@vetted/domain/testing";
import { createProducer, createProducerRedis, type Producer, type Redis } from "@vetted/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callRoute } from "./route-harness";

// Meta's webhook callback as a route handler: the handshake, the signature check before anything is
// stored, the size cap, and exactly one event and one job per change however often it is delivered.

const ROUTE = "api/webhooks/meta/route.ts";
const prefix = `vetted-test-${randomUUID().slice(0, 8)}`;
let redis: Redis;
let producer: Producer;
let orgId: string;
let pageId: string;

beforeAll(async () => {
  redis = createProducerRedis(baseEnv().REDIS_URL);
  producer = createProducer(redis, { prefix });
  setScanProducer(producer);
  const org = await createOrgWithMembers();
  orgId = org.org.id;
  pageId = (await connectTestAccount(orgId, org.users.ADMIN.id)).externalId;
});

afterAll(async () => {
  setScanProducer(null);
  await producer.queue("comments").obliterate({ force: true });
  await producer.close();
  await redis.quit();
});

const stored = (body: string) => db().webhookDelivery.count({ where: { orgId: ANY_ORG, bodySha256: sha256Hex(body) } });
// The tests play the reverse proxy (TRUSTED_PROXIES=127.0.0.1 in vitest.config.ts), so X-Forwarded-For names the sender.
const post = (body: string, signature?: string, ip?: string) =>
  callRoute(ROUTE, "POST", {}, { body, headers: { ...(signature ? { "x-hub-signature-256": signature } : {}), ...(ip ? { "x-forwarded-for": ip } : {}) } });
const delivery = (commentId: string) => feedBody([{ pageId, commentId, verb: "add", message: "Thanks for the flu shot clinic!", time: Math.floor(Date.now() / 1000) }]);

describe("GET /api/webhooks/meta (subscription handshake)", () => {
  const query = (token: string) => `?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=8675309`;
  it("echoes the challenge as plain text for the verify token", async () => {
    const res = await callRoute(ROUTE, "GET", {}, { query: query(metaEnv().META_VERIFY_TOKEN) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe("8675309");
  });
  it("answers 403 to a wrong or missing token", async () => {
    expect((await callRoute(ROUTE, "GET", {}, { query: query("not-the-token") })).status).toBe(403);
    expect((await callRoute(ROUTE, "GET", {}, {})).status).toBe(403);
  });
});

describe("POST /api/webhooks/meta", () => {
  it("answers 401 to a missing or bad signature and stores nothing", async () => {
    const body = delivery(`${pageId}_1_${randomUUID().slice(0, 6)}`);
    expect((await post(body)).status).toBe(401);
    expect((await post(body, `sha256=${"a".repeat(64)}`)).status).toBe(401);
    expect((await post(body, "sha1=abc")).status).toBe(401);
    expect(await stored(body)).toBe(0);
  });

  it("refuses a body over the cap with 413 before reading it whole", async () => {
    const res = await callRoute(ROUTE, "POST", {}, { body: "x".repeat(1024 * 1024 + 1) });
    expect(res.status).toBe(413);
  });

  it("answers 400 to a signed body that is not a webhook", async () => {
    const { signature } = signed("[1,2]");
    expect((await post("[1,2]", signature)).status).toBe(400);
  });

  it("stores, queues and answers fast; the same delivery again adds no event and no job", async () => {
    const commentId = `${pageId}_2_${randomUUID().slice(0, 6)}`;
    const body = delivery(commentId);
    const { signature } = signed(body);
    const started = Date.now();
    const res = await post(body, signature);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    for (let i = 0; i < 3; i++) expect((await post(body, signature)).status).toBe(200);

    expect(await stored(body)).toBe(4);
    const events = await db().commentEvent.findMany({ where: { orgId, objectId: commentId } });
    expect(events).toHaveLength(1);
    const jobs = await producer.queue("comments").getJobs(["waiting", "delayed", "active", "completed", "failed"]);
    expect(jobs.filter((j) => j.data.commentEventId === events[0]!.id).map((j) => j.id)).toEqual([commentEventJobId(events[0]!.dedupeKey)]);
  });
});

describe("POST /api/webhooks/meta: the delivery's request id (issue 15)", () => {
  // The proxy skips webhooks: the route settles the id, once, for the answer and the jobs it causes.
  const deliver = async (headers: Record<string, string> = {}) => {
    const commentId = `${pageId}_5_${randomUUID().slice(0, 6)}`;
    const body = delivery(commentId);
    const res = await callRoute(ROUTE, "POST", {}, { body, headers: { "x-hub-signature-256": signed(body).signature, ...headers } });
    expect(res.status).toBe(200);
    const event = await db().commentEvent.findFirstOrThrow({ where: { orgId, objectId: commentId } });
    const job = await producer.queue("comments").getJob(commentEventJobId(event.dedupeKey));
    return { answered: res.headers.get("x-request-id"), event, job };
  };

  it("names the same id on the answer, on the delivery's events and on their jobs", async () => {
    const { answered, event, job } = await deliver();
    expect(answered).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(event.requestId).toBe(answered);
    expect(job?.data).toEqual({ orgId, commentEventId: event.id, requestId: answered });
  });

  it("answers with a caller's plain id but keeps it off the events and jobs: the web did not make it", async () => {
    const { answered, event, job } = await deliver({ "x-request-id": "meta-trace-0011223344" });
    expect(answered).toBe("meta-trace-0011223344");
    expect(event.requestId).toBeNull();
    expect(job?.data).toEqual({ orgId, commentEventId: event.id });
  });
});

describe("POST /api/webhooks/meta: wrong signatures per IP", () => {
  it("answers 401 to 60 bad signatures a minute, then 429 with Retry-After; a valid delivery from that IP still goes through", async () => {
    const ip = randomTestIp();
    const body = delivery(`${pageId}_3_${randomUUID().slice(0, 6)}`);
    for (let i = 0; i < LIMITS["webhook.bad_signatures"].points; i++) expect((await post(body, `sha256=${"b".repeat(64)}`, ip)).status).toBe(401);
    const limited = await post(body, `sha256=${"b".repeat(64)}`, ip);
    expect(limited.status).toBe(429);
    const wait = Number(limited.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(((await limited.json()) as { error: { code: string; limit: string } }).error).toMatchObject({ code: "RATE_LIMITED", limit: "webhook.bad_signatures" });
    expect((await post(body, undefined, ip)).status).toBe(429);
    expect(await stored(body)).toBe(0);
    // A platform is never refused for its own volume: a signed delivery passes whatever the IP's count.
    expect((await post(body, signed(body).signature, ip)).status).toBe(200);
    expect(await stored(body)).toBe(1);
    // Another IP gets the plain 401.
    expect((await post(body, `sha256=${"b".repeat(64)}`, randomTestIp())).status).toBe(401);
  });
});
