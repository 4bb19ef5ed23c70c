import { randomUUID } from "node:crypto";
import { workerEnv } from "@vetted/config";
import { db } from "@vetted/db";
import { queueMail } from "@vetted/domain";
import { startSmtpSink, type SmtpSink } from "@vetted/domain/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@vetted/log";
import { startWorker, type WorkerHandle } from "./main.js";
import { waitFor } from "./wait-for.js";

// mailEnv() is read once per test file: SMTP_URL is set before the worker starts.
let sink: SmtpSink;
let handle: WorkerHandle | undefined;
const previousSmtp = process.env.SMTP_URL;
beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
});
afterAll(async () => {
  await handle?.close({ force: true });
  if (previousSmtp === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = previousSmtp;
  await sink.close();
});

describe("the worker's mail sweep", () => {
  it("sends a mail committed without any inline delivery, and marks it sent", async () => {
    const to = `worker-mail-${randomUUID().slice(0, 8)}@test.vetted.local`;
    const { id } = await db().$transaction((tx) => queueMail(tx, { to, subject: "From the worker", text: "Sent by the sweep" }, null));
    // First in line, ahead of mails other test files left unsent in the shared database.
    await db().outboxMail.update({ where: { id }, data: { nextAttemptAt: new Date("2000-01-01T00:00:00Z") } });
    handle = await startWorker(
      { ...workerEnv(), WORKER_HEALTH_PORT: 0, WORKER_CONCURRENCY: 1 },
      { prefix: `vetted-test-${randomUUID().slice(0, 8)}`, log: createLogger({ level: "silent" }), dispatchIntervalMs: 0, scheduleIntervalMs: 0, mailIntervalMs: 100 },
    );
    await waitFor(async () => sink.messages.some((m) => m.to.includes(to)), "the mail at the SMTP sink", 15_000);
    const row = await waitFor(async () => (await db().outboxMail.findUniqueOrThrow({ where: { id } })).sentAt && db().outboxMail.findUniqueOrThrow({ where: { id } }), "the row marked sent", 5_000);
    expect(row.attempts).toBe(1);
    expect(sink.messages.filter((m) => m.to.includes(to))).toHaveLength(1);
  });
});
