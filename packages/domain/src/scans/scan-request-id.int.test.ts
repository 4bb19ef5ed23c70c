import { randomUUID } from "node:crypto";
import { baseEnv } from "@vetted/config";
import { db } from "@vetted/db";
import { createProducer, createProducerRedis, type Producer, type Redis } from "@vetted/queue";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPost } from "../posts/create-post";
import { submitPost } from "../posts/submit-post";
import { createOrgWithMembers } from "../testing";
import { dispatchPendingScanJobs } from "./dispatch-pending-scan-jobs";
import { useOfflineScanProducer } from "./test-producers";

// The web request that asked for a scan is on the scan's outbox row and its BullMQ job (issue 15),
// so the worker's log lines for the job carry the same request id as the web's.

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
