import { randomUUID } from "node:crypto";
import { workerEnv, type WorkerEnv } from "@vetted/config";
import { db } from "@vetted/db";
import { uniq } from "@vetted/db/testing";
import { commentEventJobId, ingestMetaWebhook, inviteMember, type TenantContext } from "@vetted/domain";
import { connectTestAccount, createOrgWithMembers, feedBody, PHI_COMMENT, signed, startSmtpSink, type SmtpSink, type TestOrg } from "@vetted/domain/testing";
import { memoryLogger } from "@vetted/log/testing";
import { createProducer, createProducerRedis, type Producer, type Redis } from "@vetted/queue";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { startWorker, type WorkerHandle } from "./main.js";
import { waitFor } from "./wait-for.js";

// Issue 15: the worker's log lines about what a web request caused carry that request's id, as the
// web's own lines do, so one search finds both sides. A mail (its send) and a comment delivery (its
// event's job, and the officers' mail that job queues), each from the domain call its route or action
// makes with the request's context; the routes' part is tested in apps/web (meta-webhook-route).

const env: WorkerEnv = { ...workerEnv(), WORKER_HEALTH_PORT: 0, WORKER_CONCURRENCY: 1 };
// mailEnv() is read once per test file: SMTP_URL is set before anything sends.
let sink: SmtpSink;
const previousSmtp = process.env.SMTP_URL;
let redis: Redis;
let producer: Producer;
let prefix = "";
let org: TestOrg;
let handle: WorkerHandle | undefined;
let logs: ReturnType<typeof memoryLogger>;

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  redis = createProducerRedis(env.REDIS_URL);
  org = await createOrgWithMembers();
});
beforeEach(() => {
  prefix = `vetted-test-${randomUUID().slice(0, 8)}`;
  producer = createProducer(redis, { prefix });
  logs = memoryLogger("info");
});
afterEach(async () => {
  await handle?.close({ force: true });
  handle = undefined;
  await producer.queue("comments").obliterate({ force: true });
  await producer.close();
});
afterAll(async () => {
  await redis.quit();
  if (previousSmtp === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = previousSmtp;
  await sink.close();
});

const start = async (opts: { mailIntervalMs: number }) => {
  // No platform connector: the event's own content is applied (no re-read), and no hide goes out.
  handle = await startWorker(env, { prefix, log: logs.log, dispatchIntervalMs: 0, scheduleIntervalMs: 0, platformClients: () => null, ...opts });
};
const asRequest = (ctx: TenantContext, requestId: string): TenantContext => ({ ...ctx, request: { ...ctx.request, requestId } });
const lineWhere = (match: Record<string, unknown>) => logs.entries().find((e) => Object.entries(match).every(([k, v]) => e[k] === v));

it("a mail queued by a web action: the worker's line for its send carries the action's request id", async () => {
  const requestId = randomUUID();
  const email = `${uniq("invitee")}@test.vetted.local`;
  // The web's own send right after the commit finds the mail server down: the mail is the worker's.
  sink.failing = true;
  expect((await inviteMember(asRequest(org.ctx.ADMIN, requestId), { email, role: "STAFF" })).delivery).toBe("failed");
  sink.failing = false;
  const mail = await db().outboxMail.findFirstOrThrow({ where: { requestId } });
  // Due now, and ahead of mails other test files left unsent in the shared database.
  await db().outboxMail.update({ where: { id: mail.id }, data: { nextAttemptAt: new Date("2000-01-01T00:00:00Z") } });

  await start({ mailIntervalMs: 100 });
  const line = await waitFor(async () => lineWhere({ event: "mail.sent", mailId: mail.id }), "the worker's line for the mail's send", 15_000);
  expect(line).toMatchObject({ level: "info", requestId, via: "sweep", attempts: 2 });
  expect(sink.messages.filter((m) => m.to.includes(email))).toHaveLength(1);
  // Ids only: neither the address nor the invitation link.
  expect(logs.lines.join("\n")).not.toMatch(new RegExp(`${email}|/invite/`));
});

it("a comment delivery: the worker's lines for its event's job, and for the mail that job sends, carry the delivery's request id", async () => {
  const pageId = (await connectTestAccount(org.org.id, org.users.ADMIN.id)).externalId;
  const requestId = randomUUID();
  const commentId = `${pageId}_1_${randomUUID().slice(0, 6)}`;
  const body = feedBody([{ pageId, commentId, verb: "add", message: PHI_COMMENT, time: Math.floor(Date.now() / 1000) }]);
  // What the webhook route calls, with the id it settled for the delivery.
  expect(await ingestMetaWebhook({ ...signed(body), request: { requestId } }, { producer })).toMatchObject({ newEvents: 1, dispatched: 1 });
  const event = await db().commentEvent.findFirstOrThrow({ where: { orgId: org.org.id, objectId: commentId } });

  await start({ mailIntervalMs: 0 });
  const jobId = commentEventJobId(event.dedupeKey);
  const done = await waitFor(async () => lineWhere({ event: "job.completed", queue: "comments", jobId }), "the event's job completed", 15_000);
  expect(done).toMatchObject({ requestId, job: "event" });
  // The scanner blocked the comment and the org hides automatically: its officers were told, by a
  // mail the job queued and sent right after its commit, under the same request id.
  const [mail] = await db().outboxMail.findMany({ where: { requestId } });
  expect(mail).toBeDefined();
  const sent = await waitFor(async () => lineWhere({ event: "mail.sent", mailId: mail!.id }), "the officers' mail sent", 15_000);
  expect(sent).toMatchObject({ requestId, via: "direct" });
  // Ids only: nothing of the comment.
  expect(logs.lines.join("\n")).not.toMatch(/Bartholomew|Quigley|pancreatic/);
});
