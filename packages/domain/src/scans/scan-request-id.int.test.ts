import { randomUUID } from "node:crypto";
import { baseEnv } from "@vetted/config";
import { db } from "@vetted/db";
import { createProducer, createProducerRedis, type Producer, type Redis } from "@vetted/queue";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPost } from "../posts/create-post";
import { submitPost } from "../posts/submit-post";
import { createOrgWithMembers } from "../testing";
import { dispatchPendingScanJobs } from "./dispatch-pending-scan-jobs";
import { recordScanFailure } from "./record-scan-failure";
import { runScanJob } from "./run-scan-job";
import { useOfflineScanProducer } from "./test-producers";

// The web request that asked for a scan is on the scan's outbox row and its BullMQ job (issue 15),
// so the worker's log lines for the job carry the same request id as the web's; the mails the scan
// sends name it too (their send's log line, apps/worker/src/request-ids.int.test.ts).

const prefix = `vetted-test-${randomUUID().slice(0, 8)}`;
let redis: Redis;
let producer: Producer;
let restore: () => Promise<void>;

beforeAll(() => {
  redis = createProducerRedis(baseEnv().REDIS_URL);
  producer = createProducer(redis, { prefix });
  // The submit's direct dispatch fails fast, so the sweep below hands the row to the queue.
  restore = useOfflineScanProducer();
});

afterAll(async () => {
  await restore();
  await producer.queue("scan").obliterate({ force: true });
  await producer.close();
  await redis.quit();
});

it("carries the submitting request's id from the scan's outbox row into its job", async () => {
  const org = await createOrgWithMembers();
  const requestId = randomUUID();
  const ctx = { ...org.ctx.CONSULTANT, request: { ...org.ctx.CONSULTANT.request, requestId } };
  const { post } = await createPost(ctx, { title: "Flu clinic", text: "Flu shots on Saturday at the main entrance.", channels: ["FACEBOOK"] });
  await submitPost(ctx, { postId: post.id, revision: 1 });
  const row = await db().scanJob.findFirstOrThrow({ where: { orgId: org.org.id, postId: post.id } });
  expect(row).toMatchObject({ status: "PENDING", requestId });

  // Other tests' rows may be pending too: sweep until this one is sent.
  for (let i = 0; i < 20 && (await db().scanJob.findFirstOrThrow({ where: { orgId: org.org.id, id: row.id } })).status === "PENDING"; i++) {
    await dispatchPendingScanJobs({ producer, limit: 500 });
  }
  const job = await producer.queue("scan").getJob(row.id);
  expect(job?.data).toEqual({ scanJobId: row.id, orgId: org.org.id, requestId });
});

it("keeps an id from a proxy in front (any word) off the row and the job", async () => {
  const org = await createOrgWithMembers();
  const ctx = { ...org.ctx.CONSULTANT, request: { ...org.ctx.CONSULTANT.request, requestId: "lb-trace-0011223344" } };
  const { post } = await createPost(ctx, { title: "Open house", text: "Open house on Sunday.", channels: ["FACEBOOK"] });
  await submitPost(ctx, { postId: post.id, revision: 1 });
  expect((await db().scanJob.findFirstOrThrow({ where: { orgId: org.org.id, postId: post.id } })).requestId).toBeNull();
});

it("keeps a UUID-shaped id that the job's payload schema refuses off the row and the job, even one stored before the check", async () => {
  // The web proxy keeps any 8-128 letters, digits, dashes from a caller, and this is no RFC UUID
  // (variant nibble 1): stored, its add would fail in every sweep, and the sweep stops at a failed add.
  const org = await createOrgWithMembers();
  const ctx = { ...org.ctx.CONSULTANT, request: { ...org.ctx.CONSULTANT.request, requestId: "12345678-1234-1234-1234-123456789abc" } };
  const { post } = await createPost(ctx, { title: "Food drive", text: "Food drive all week in the lobby.", channels: ["FACEBOOK"] });
  await submitPost(ctx, { postId: post.id, revision: 1 });
  const row = await db().scanJob.findFirstOrThrow({ where: { orgId: org.org.id, postId: post.id } });
  expect(row.requestId).toBeNull();
  // As the code before this check stored it: the dispatch checks again, so the row still goes, without the id.
  await db().scanJob.updateMany({ where: { orgId: org.org.id, id: row.id }, data: { requestId: "12345678-1234-1234-1234-123456789abc" } });
  for (let i = 0; i < 20 && (await db().scanJob.findFirstOrThrow({ where: { orgId: org.org.id, id: row.id } })).status === "PENDING"; i++) {
    await dispatchPendingScanJobs({ producer, limit: 500 });
  }
  expect((await producer.queue("scan").getJob(row.id))?.data).toEqual({ scanJobId: row.id, orgId: org.org.id });
});

it("names the submitting request on the mails the scan sends: the approvers', or the author's when it fails", async () => {
  const org = await createOrgWithMembers();
  const submit = async (title: string) => {
    const requestId = randomUUID();
    const ctx = { ...org.ctx.CONSULTANT, request: { ...org.ctx.CONSULTANT.request, requestId } };
    const { post } = await createPost(ctx, { title, text: `${title} on Saturday at the main entrance.`, channels: ["FACEBOOK"] });
    await submitPost(ctx, { postId: post.id, revision: 1 });
    const row = await db().scanJob.findFirstOrThrow({ where: { orgId: org.org.id, postId: post.id } });
    return { requestId, payload: { scanJobId: row.id, orgId: org.org.id, requestId } };
  };
  const scanned = await submit("Flu clinic");
  expect(await runScanJob(scanned.payload)).toMatchObject({ outcome: "succeeded" });
  // Mails have no org: the request id is how an operator finds them, as here.
  expect(await db().outboxMail.count({ where: { requestId: scanned.requestId } })).toBeGreaterThan(0);

  const failed = await submit("Blood drive");
  expect(await recordScanFailure({ ...failed.payload, errorCode: "TIMEOUTERROR" })).toBe(true);
  expect(await db().outboxMail.count({ where: { requestId: failed.requestId } })).toBe(1);
});
