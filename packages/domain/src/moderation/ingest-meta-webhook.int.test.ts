import { randomUUID } from "node:crypto";
import { metaEnv } from "@vetted/config";
import { ANY_ORG, db } from "@vetted/db";
import { withPgClient } from "@vetted/db/testing";
import { createProducer, createProducerRedis, type Producer, type Redis } from "@vetted/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestOrg } from "../testing";
import { commentDedupeKey, commentEventJobId } from "./comment-dedupe";
import { dispatchPendingCommentEvents } from "./dispatch-comment-events";
import { answerMetaHandshake, ingestMetaWebhook } from "./ingest-meta-webhook";
import { processCommentEvent } from "./process-comment-event";
import { decryptField } from "../consents/crypto";
import { deliveryAad, sha256Hex } from "./moderation-crypto";
import { CLEAN_COMMENT, feedBody, PHI_COMMENT, signed, closeTestProducer, twoConnectedOrgs } from "./moderation-test-helpers";

let redis: Redis;
let producer: Producer;
let a: TestOrg;
let b: TestOrg;
let pageA: string;
let pageB: string;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  ({ redis, producer, a, b, pageA, pageB } = await twoConnectedOrgs());
});

afterAll(() => closeTestProducer({ redis, producer }));

// Any org or none: a refused delivery must not be stored anywhere.
const deliveries = (body: string) => db().webhookDelivery.count({ where: { orgId: ANY_ORG, bodySha256: sha256Hex(body) } });
const events = (orgId: string, objectId: string) => db().commentEvent.findMany({ where: { orgId, objectId } });

describe("ingestMetaWebhook", () => {
  it("refuses a bad or missing signature and stores nothing", async () => {
    const body = feedBody([{ pageId: pageA, commentId: `${pageA}_1_${randomUUID().slice(0, 6)}`, verb: "add", message: PHI_COMMENT, time: now() }]);
    const forged = { rawBody: new Uint8Array(Buffer.from(body)), signature: `sha256=${"0".repeat(64)}` };
    await expect(ingestMetaWebhook(forged, { producer })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(ingestMetaWebhook({ ...forged, signature: null }, { producer })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    // Signed with another secret, or a body changed after signing.
    const other = signed(body);
    await expect(ingestMetaWebhook({ rawBody: new Uint8Array(Buffer.from(body.replace("pray", "PRAY"))), signature: other.signature }, { producer })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await deliveries(body)).toBe(0);
  });

  it("stores the delivery encrypted, one event, one job; a duplicate delivery adds nothing", async () => {
    const commentId = `${pageA}_1_${randomUUID().slice(0, 6)}`;
    const time = now();
    const body = feedBody([{ pageId: pageA, commentId, verb: "add", message: PHI_COMMENT, time }]);
    const first = await ingestMetaWebhook(signed(body), { producer });
    expect(first).toMatchObject({ changes: 1, newEvents: 1, duplicates: 0, skipped: 0, dispatched: 1 });

    const delivery = await db().webhookDelivery.findFirstOrThrow({ where: { id: first.deliveryId, orgId: a.org.id } });
    expect(delivery.bodyCipher).not.toContain("Quigley");
    expect(decryptField(delivery.bodyCipher, deliveryAad(delivery.id))).toBe(body);
    expect(delivery).toMatchObject({ platform: "FACEBOOK", bodySha256: sha256Hex(body), changeCount: 1, routedCount: 1, skippedCount: 0 });

    const [event] = await events(a.org.id, commentId);
    const key = commentDedupeKey({ platform: "FACEBOOK", accountExternalId: pageA, objectId: commentId, verb: "add", time });
    expect(event).toMatchObject({ dedupeKey: key, verb: "add", deliveryId: first.deliveryId, processedAt: null });
    expect(event!.enqueuedAt).not.toBeNull();
    expect(event!.textCipher).not.toContain("Quigley");
    const job = await producer.queue("comments").getJob(commentEventJobId(key));
    expect(job?.data).toEqual({ orgId: a.org.id, commentEventId: event!.id });

    // Meta retries the same delivery: stored again (it is what arrived), but no new event or job.
    const again = await ingestMetaWebhook(signed(body), { producer });
    expect(again).toMatchObject({ changes: 1, newEvents: 0, duplicates: 1, dispatched: 0 });
    expect(await events(a.org.id, commentId)).toHaveLength(1);
    const jobs = await producer.queue("comments").getJobs(["waiting", "delayed", "active", "completed"]);
    expect(jobs.filter((j) => j.data.commentEventId === event!.id)).toHaveLength(1);
  });

  it("routes each entry to its page's org and counts changes for unknown pages", async () => {
    const time = now();
    const ids = { a: `${pageA}_2_${randomUUID().slice(0, 6)}`, b: `${pageB}_2_${randomUUID().slice(0, 6)}`, x: `999_2_${randomUUID().slice(0, 6)}` };
    const body = feedBody([
      { pageId: pageA, commentId: ids.a, verb: "add", message: CLEAN_COMMENT, time },
      { pageId: pageB, commentId: ids.b, verb: "add", message: CLEAN_COMMENT, time },
      { pageId: "999000111", commentId: ids.x, verb: "add", message: CLEAN_COMMENT, time },
    ]);
    const result = await ingestMetaWebhook(signed(body), { producer });
    expect(result).toMatchObject({ changes: 3, newEvents: 2, skipped: 1 });
    // Several orgs in one delivery: it belongs to none of them.
    expect(await db().webhookDelivery.findFirst({ where: { id: result.deliveryId, orgId: null } })).toMatchObject({ routedCount: 2, skippedCount: 1 });
    expect(await events(a.org.id, ids.a)).toHaveLength(1);
    expect(await events(b.org.id, ids.b)).toHaveLength(1);
    // Nothing crossed over: org A has no event of org B's comment and vice versa.
    expect(await events(a.org.id, ids.b)).toHaveLength(0);
    expect(await events(b.org.id, ids.a)).toHaveLength(0);
  });

  it("with afterAnswer, returns once the events are committed and enqueues them in the scheduled task", async () => {
    const commentId = `${pageA}_4_${randomUUID().slice(0, 6)}`;
    const tasks: (() => Promise<unknown>)[] = [];
    const body = feedBody([{ pageId: pageA, commentId, verb: "add", message: PHI_COMMENT, time: now() }]);
    const result = await ingestMetaWebhook(signed(body), { producer, afterAnswer: (task) => tasks.push(task) > 0 });
    expect(result).toMatchObject({ newEvents: 1, dispatched: null });
    expect(tasks).toHaveLength(1);
    const [stored] = await events(a.org.id, commentId);
    expect(stored!.enqueuedAt).toBeNull();
    expect(await producer.queue("comments").getJob(commentEventJobId(stored!.dedupeKey))).toBeUndefined();

    await tasks[0]!();
    const [event] = await events(a.org.id, commentId);
    expect(event!.enqueuedAt).not.toBeNull();
    expect((await producer.queue("comments").getJob(commentEventJobId(event!.dedupeKey)))?.data).toEqual({ orgId: a.org.id, commentEventId: event!.id });
    // A duplicate has nothing to enqueue: nothing is scheduled.
    const again = await ingestMetaWebhook(signed(body), { producer, afterAnswer: (task) => tasks.push(task) > 0 });
    expect(again).toMatchObject({ newEvents: 0, dispatched: 0 });
    expect(tasks).toHaveLength(1);
    // Nothing could be scheduled (no request being served): enqueued before returning, as without it.
    const other = `${pageA}_5_${randomUUID().slice(0, 6)}`;
    const inline = await ingestMetaWebhook(signed(feedBody([{ pageId: pageA, commentId: other, verb: "add", message: PHI_COMMENT, time: now() }])), { producer, afterAnswer: () => false });
    expect(inline).toMatchObject({ newEvents: 1, dispatched: 1 });
  });

  it("the scheduled task does not wait for a worker holding the event: it leaves that one unmarked", async () => {
    const commentId = `${pageA}_6_${randomUUID().slice(0, 6)}`;
    const tasks: (() => Promise<unknown>)[] = [];
    await ingestMetaWebhook(signed(feedBody([{ pageId: pageA, commentId, verb: "add", message: CLEAN_COMMENT, time: now() }])), { producer, afterAnswer: (task) => tasks.push(task) > 0 });
    const [stored] = await events(a.org.id, commentId);
    // The worker took the job at once and holds the event row until its transaction commits.
    await withPgClient(async (worker) => {
      await worker.query("BEGIN");
      await worker.query(`SELECT 1 FROM "CommentEvent" WHERE id = $1 FOR UPDATE`, [stored!.id]);
      const waited = new Promise((resolve) => setTimeout(() => resolve("waited for the worker"), 2_000));
      const outcome = await Promise.race([tasks[0]!().then(() => "done"), waited]);
      await worker.query("ROLLBACK");
      expect(outcome).toBe("done");
    });
    // Enqueued, not marked; the sweeper marks it (its add is a no-op: same job id).
    expect(await producer.queue("comments").getJob(commentEventJobId(stored!.dedupeKey))).toBeDefined();
    expect((await events(a.org.id, commentId))[0]!.enqueuedAt).toBeNull();
    await dispatchPendingCommentEvents({ producer });
    expect((await events(a.org.id, commentId))[0]!.enqueuedAt).not.toBeNull();

    // Processed before the task could mark it: the worker marks it enqueued as it marks it processed,
    // so it does not linger among the events never enqueued (the dispatcher's partial index).
    const early = `${pageA}_6_${randomUUID().slice(0, 6)}`;
    await ingestMetaWebhook(signed(feedBody([{ pageId: pageA, commentId: early, verb: "add", message: CLEAN_COMMENT, time: now() }])), { producer, afterAnswer: (task) => tasks.push(task) > 0 });
    const [waiting] = await events(a.org.id, early);
    expect(waiting!.enqueuedAt).toBeNull();
    await processCommentEvent({ orgId: a.org.id, commentEventId: waiting!.id });
    const [processed] = await events(a.org.id, early);
    expect(processed!.processedAt).not.toBeNull();
    expect(processed!.enqueuedAt).toEqual(processed!.processedAt);
    await tasks[1]!();
    expect((await events(a.org.id, early))[0]!.enqueuedAt).toEqual(processed!.enqueuedAt);
  });

  it("answers quickly with Redis down; the sweeper enqueues the events later", async () => {
    const dead = createProducerRedis("redis://127.0.0.1:1/1");
    dead.on("error", () => undefined);
    const offline = createProducer(dead, { prefix: "vetted-test-offline", timeoutMs: 2_000 });
    const commentId = `${pageA}_3_${randomUUID().slice(0, 6)}`;
    const started = Date.now();
    const result = await ingestMetaWebhook(signed(feedBody([{ pageId: pageA, commentId, verb: "add", message: CLEAN_COMMENT, time: now() }])), { producer: offline, dispatchBudgetMs: 200 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result).toMatchObject({ newEvents: 1, dispatched: 0 });
    dead.disconnect();
    await offline.close().catch(() => undefined);
    expect((await events(a.org.id, commentId))[0]?.enqueuedAt).toBeNull();

    const swept = await dispatchPendingCommentEvents({ producer });
    expect(swept.dispatched).toBeGreaterThanOrEqual(1);
    const [event] = await events(a.org.id, commentId);
    expect(event!.enqueuedAt).not.toBeNull();
    expect(await producer.queue("comments").getJob(commentEventJobId(event!.dedupeKey))).toBeDefined();
  });

  it("names the delivering request on its events and their jobs, by the fast path and by the sweeper (issue 15)", async () => {
    const deliver = async (afterAnswer?: () => boolean) => {
      const requestId = randomUUID();
      const commentId = `${pageA}_6_${randomUUID().slice(0, 6)}`;
      const body = feedBody([{ pageId: pageA, commentId, verb: "add", message: CLEAN_COMMENT, time: now() }]);
      await ingestMetaWebhook({ ...signed(body), request: { requestId } }, { producer, ...(afterAnswer ? { afterAnswer } : {}) });
      const [event] = await events(a.org.id, commentId);
      expect(event!.requestId).toBe(requestId);
      return { requestId, event: event! };
    };
    const direct = await deliver();
    // Scheduled after the answer, but the process died first: the sweeper sends it.
    const swept = await deliver(() => true);
    expect(swept.event.enqueuedAt).toBeNull();
    await dispatchPendingCommentEvents({ producer });
    for (const { requestId, event } of [direct, swept]) {
      expect((await producer.queue("comments").getJob(commentEventJobId(event.dedupeKey)))?.data).toEqual({ orgId: a.org.id, commentEventId: event.id, requestId });
    }
  });

  it("keeps an id the web did not make off the events and their jobs", async () => {
    for (const requestId of ["lb-trace-0011223344", "12345678-1234-1234-1234-123456789abc"]) {
      const commentId = `${pageA}_8_${randomUUID().slice(0, 6)}`;
      await ingestMetaWebhook({ ...signed(feedBody([{ pageId: pageA, commentId, verb: "add", message: CLEAN_COMMENT, time: now() }])), request: { requestId } }, { producer });
      const [event] = await events(a.org.id, commentId);
      expect(event!.requestId).toBeNull();
      expect((await producer.queue("comments").getJob(commentEventJobId(event!.dedupeKey)))?.data).toEqual({ orgId: a.org.id, commentEventId: event!.id });
    }
  });

  it("refuses a signed body that is not a Meta webhook, storing nothing", async () => {
    for (const body of ["{not json", JSON.stringify({ entry: "x" })]) {
      await expect(ingestMetaWebhook(signed(body), { producer })).rejects.toMatchObject({ code: "VALIDATION" });
      expect(await deliveries(body)).toBe(0);
    }
  });
});

describe("answerMetaHandshake", () => {
  const params = (token: string, challenge = "1158201444") => new URLSearchParams({ "hub.mode": "subscribe", "hub.verify_token": token, "hub.challenge": challenge });
  it("echoes the challenge only for the verify token", () => {
    expect(answerMetaHandshake(params(metaEnv().META_VERIFY_TOKEN))).toBe("1158201444");
    expect(() => answerMetaHandshake(params("wrong-token"))).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => answerMetaHandshake(params(metaEnv().META_VERIFY_TOKEN, "<script>"))).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  });
});
