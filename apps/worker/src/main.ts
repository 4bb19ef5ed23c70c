import { realpathSync } from "node:fs";
import type { Server } from "node:http";
import { pathToFileURL } from "node:url";
import { EnvError, securityStartupCheck, tiktokEnv, workerEnv, xEnv, type WorkerEnv } from "@vetted/config";
import { disconnectDb } from "@vetted/db";
import { checkConsentKeys, closeLimiters, dispatchPendingScanJobs, isConsentKeyProblem, RecordingPublisher, runConsentSweep, runScheduleTick, warmUpScanPipeline, type Publisher, type ScanDeps } from "@vetted/domain";
import { logMailOutcomes, webRequestId } from "@vetted/domain";
import { dispatchPendingCommentEvents, dispatchPendingModerationActions, platformClientsFromEnv, type PlatformClients, type SendOptions } from "@vetted/domain";
import { purgeExpiredCommentSnapshots, sweepCommentSla } from "@vetted/domain";
import { discoverTikTokVideos, pollXReplies, type DiscoverTikTokOptions, type PollXOptions } from "@vetted/domain";
import { dispatchPendingGroupOcr, remindIncidentDeadlines } from "@vetted/domain";
import { backfillOutboxEncryption, checkpointAuditChains, purgeExpiredAuditEvents, remindPolicyAcknowledgements, sendDueMails } from "@vetted/domain";
import { checkConnectedAccounts, reconcilePostComments, type CheckAccountsOptions, type ReconcileOptions } from "@vetted/domain";
import { mailMonthlyComplianceReports } from "@vetted/domain/reports";
import { refreshDailyStats } from "@vetted/domain/dashboards";
import { createProducer, createProducerRedis, createWorkerRedis, DEFAULT_QUEUE_PREFIX, QUEUE_NAMES, type QueueName } from "@vetted/queue";
import { createLogger, logger, type Logger } from "@vetted/log";
import { Worker, type DefaultJobOptions, type Job, type WorkerOptions } from "bullmq";
import { startHealthServer, workerReadiness } from "./health-server.js";
import { lazyImageScanner } from "./image-scanner.js";
import { every, type Periodic } from "./periodic.js";
import { createProcessors } from "./processors/index.js";
import { onScanJobFailed } from "./processors/scan.js";

export interface StartOptions {
  /** Redis key prefix; tests use a unique one per run. Must match the producers'. */
  prefix?: string;
  log?: Logger;
  /** Outbox sweep period; 0 turns the dispatcher off. */
  dispatchIntervalMs?: number;
  /** Rows ENQUEUED/RUNNING this long are checked against BullMQ by the sweeper. */
  staleAfterMs?: number;
  /** Schedule tick period (expiry, publishing, reminders); 0 turns it off. */
  scheduleIntervalMs?: number;
  publisher?: Publisher;
  /** Test hooks: a slow scanText, an image scanner stub, short lock/stall timings, a short backoff. */
  scanDeps?: Omit<ScanDeps, "imageScanner"> & Partial<Pick<ScanDeps, "imageScanner">>;
  workerOptions?: Partial<Pick<WorkerOptions, "lockDuration" | "stalledInterval" | "maxStalledCount">>;
  /** Comment moderation (issue 12): the platform connectors (default: Meta from META_*), and test timings. */
  platformClients?: PlatformClients;
  moderation?: Omit<Partial<SendOptions>, "clients">;
  /** The periodic check of connected accounts' tokens and webhook subscriptions (0 = off; default hourly). */
  accountCheckIntervalMs?: number;
  accountCheck?: CheckAccountsOptions;
  /** The reconciliation poll of recently published posts' comments (0 = off; default every minute). */
  commentPollIntervalMs?: number;
  commentPoll?: Omit<Partial<ReconcileOptions>, "clients" | "producer">;
  /** The poll of X replies under the X accounts' posts of the last 7 days (0 = off; default X_POLL_INTERVAL_MS). */
  xPollIntervalMs?: number;
  xPoll?: Omit<PollXOptions, "producer">;
  /** How often TikTok accounts' recent videos are looked for (default TIKTOK_POLL_INTERVAL_MS; 0 = never). */
  tiktokPollIntervalMs?: number;
  tiktokPoll?: DiscoverTikTokOptions;
  jobDefaults?: Partial<DefaultJobOptions>;
  /** The outbox mail sweep: seal legacy rows, send due mails (0 = off; default every 5 s). */
  mailIntervalMs?: number;
}

export interface WorkerHandle {
  readonly workers: readonly Worker[];
  /** Port the health endpoint listens on, when enabled. */
  readonly healthPort: number | null;
  /**
   * Stops taking jobs, waits for running ones, then closes Redis and the database. Idempotent.
   * `force` does not wait for running jobs: BullMQ's stalled check hands them to another worker.
   */
  close(opts?: { force?: boolean }): Promise<void>;
}

// Connections opened ahead: a job's reads plus the org's write transaction (the pool holds 10).
const DB_WARM_CONNECTIONS = 9;

export async function startWorker(env: WorkerEnv, opts: StartOptions = {}): Promise<WorkerHandle> {
  const log = opts.log ?? createLogger({ level: env.LOG_LEVEL });
  const prefix = opts.prefix ?? DEFAULT_QUEUE_PREFIX;
  const redis = createWorkerRedis(env.REDIS_URL);
  // ioredis reconnects by itself; an unhandled 'error' event would crash the process instead.
  redis.on("error", (error) => log.warn({ event: "redis.error", err: error }));

  // Fail-fast connection of its own for the sweeper's adds: a Redis outage skips a sweep, never hangs it.
  const producerRedis = createProducerRedis(env.REDIS_URL);
  producerRedis.on("error", () => undefined);
  const producer = createProducer(producerRedis, { prefix, ...(opts.jobDefaults ? { jobDefaults: opts.jobDefaults } : {}) });
  const images = lazyImageScanner();
  const moderation: SendOptions = { ...opts.moderation, clients: opts.platformClients ?? platformClientsFromEnv() };
  // Group-post screenshots (issue 12) are read by the same image scanner as post media.
  const imageScanner = opts.scanDeps?.imageScanner ?? images.get;
  const processors = createProcessors({ scan: { imageScanner: images.get, ...opts.scanDeps }, comments: moderation, groups: { imageScanner } });
  // Before the first job, so it does not pay for the scanner's word lists and the pool's handshakes.
  await warmUpScanPipeline(Math.min(env.WORKER_CONCURRENCY + 1, DB_WARM_CONNECTIONS));
  await checkKeys(env, log);

  const workers = QUEUE_NAMES.map((queue: QueueName) => {
    const worker = new Worker(queue, processors[queue], { connection: redis, prefix, concurrency: env.WORKER_CONCURRENCY, ...opts.workerOptions });
    worker.on("active", (job) => jobLog(log, queue, job).debug({ event: "job.started", attempts: job.attemptsMade }));
    worker.on("completed", (job) => jobLog(log, queue, job).info({ event: "job.completed", attempts: job.attemptsMade }));
    worker.on("failed", (job, error) => jobLog(log, queue, job).warn({ event: "job.failed", attempts: job?.attemptsMade, err: error }));
    worker.on("error", (error) => log.error({ event: "worker.error", queue, err: error }));
    if (queue === "scan") {
      worker.on("failed", (job, error) => {
        onScanJobFailed(job, error).then(
          (recorded) => recorded && jobLog(log, queue, job).warn({ event: "scan.failed_for_good", attempts: job?.attemptsMade }),
          (e: unknown) => jobLog(log, queue, job).error({ event: "scan.failure_not_recorded", err: e }),
        );
      });
    }
    return worker;
  });

  let server: Server | null = null;
  try {
    await Promise.all(workers.map((w) => w.waitUntilReady()));
    if (env.WORKER_HEALTH_PORT > 0) server = await startHealthServer(env.WORKER_HEALTH_PORT, workerReadiness(redis));
  } catch (error) {
    await Promise.allSettled(workers.map((w) => w.close(true)));
    redis.disconnect();
    producerRedis.disconnect();
    throw error;
  }
  const publisher = opts.publisher ?? new RecordingPublisher();
  const staleAfterMs = opts.staleAfterMs;
  const periodic: Periodic[] = [];
  if ((opts.dispatchIntervalMs ?? 1_000) > 0) {
    periodic.push(every("scan.dispatch", opts.dispatchIntervalMs ?? 1_000, async () => ({ ...(await dispatchPendingScanJobs({ producer, ...(staleAfterMs ? { staleAfterMs } : {}) })) }), log));
    // Comment events not yet queued (Redis was down at ingest), and moderation actions due (retries, backoff).
    periodic.push(every("comments.dispatch", opts.dispatchIntervalMs ?? 1_000, async () => ({ ...(await dispatchPendingCommentEvents({ producer, ...(staleAfterMs ? { staleAfterMs } : {}) })) }), log));
    periodic.push(every("moderation.dispatch", opts.dispatchIntervalMs ?? 1_000, async () => ({ ...(await dispatchPendingModerationActions(moderation)) }), log));
    // Reported group-post screenshots not yet queued for OCR (Redis was down when they were reported).
    periodic.push(every("groups.dispatch", opts.dispatchIntervalMs ?? 1_000, async () => ({ ...(await dispatchPendingGroupOcr({ producer, ...(staleAfterMs ? { staleAfterMs } : {}) })) }), log));
  }
  if ((opts.scheduleIntervalMs ?? 15_000) > 0) {
    periodic.push(every("schedule.tick", opts.scheduleIntervalMs ?? 15_000, async () => ({ ...(await runScheduleTick(publisher)) }), log));
    // Consent expiry and removal reminders: hourly is enough (expiry is by date, reminders daily) and it is idempotent.
    periodic.push(every("consent.sweep", 3_600_000, async () => ({ ...(await runConsentSweep()) }), log));
    // Comments: first-response reminders (the "due soon" notice is 30 minutes ahead, so each minute is
    // enough) and the hourly purge of snapshots past their retention.
    periodic.push(every("comments.sla", 60_000, async () => ({ ...(await sweepCommentSla()) }), log));
    periodic.push(every("snapshots.purge", 3_600_000, async () => ({ ...(await purgeExpiredCommentSnapshots()) }), log));
    // Breach incidents: reminders 30, 14, 7, 3 and 1 days before the 60-day deadline, then daily (each once; hourly is enough).
    periodic.push(every("incidents.remind", 3_600_000, async () => ({ ...(await remindIncidentDeadlines()) }), log));
    // Policy acknowledgements: members who joined get their task; reminders 7 and 1 days before the due
    // time, on it, then daily; the compliance officers told the first day after it (each once; hourly is enough).
    periodic.push(every("policy.remind", 3_600_000, async () => ({ ...(await remindPolicyAcknowledgements()) }), log));
    // Audit trail: a signed checkpoint of each org's chain head when it moved (exported to the object
    // store when one is configured), and the purge of events past the six-year retention.
    periodic.push(every("audit.checkpoint", 3_600_000, async () => ({ ...(await checkpointAuditChains()) }), log));
    periodic.push(every("audit.purge", 3_600_000, async () => ({ ...(await purgeExpiredAuditEvents()) }), log));
    // Compliance reports (issue 16): on the 1st of the month in each org's zone its admins hear that last
    // month's report is ready (a link, never the report); once per org and month, so hourly is enough.
    periodic.push(every("reports.monthly", 3_600_000, async () => ({ ...(await mailMonthlyComplianceReports()) }), log));
    // The agency overview's daily scan rollup (issue 16): today's figures and any day not yet final, per org.
    // The overview refreshes today itself when opened; this keeps the 12-week trend ready without it.
    periodic.push(every("dashboards.rollup", 15 * 60_000, async () => ({ ...(await refreshDailyStats()) }), log));
  }
  // Connected accounts: expired or revoked tokens and lost webhook subscriptions (each account at most every 6 hours).
  if ((opts.accountCheckIntervalMs ?? (opts.scheduleIntervalMs === 0 ? 0 : 3_600_000)) > 0) {
    periodic.push(every("accounts.check", opts.accountCheckIntervalMs ?? 3_600_000, async () => ({ ...(await checkConnectedAccounts(opts.accountCheck)) }), log));
  }
  // Lost webhooks: each post's comments listed for 7 days after publishing (each post every 10 minutes).
  if ((opts.commentPollIntervalMs ?? (opts.scheduleIntervalMs === 0 ? 0 : 60_000)) > 0) {
    const poll: ReconcileOptions = { ...opts.commentPoll, clients: moderation.clients, producer };
    periodic.push(every("comments.reconcile", opts.commentPollIntervalMs ?? 60_000, async () => ({ ...(await reconcilePostComments(poll)) }), log));
  }
  // X has no free webhooks: the replies under each X account's recent posts are searched.
  const xPollMs = opts.xPollIntervalMs ?? (opts.scheduleIntervalMs === 0 ? 0 : xEnv().X_POLL_INTERVAL_MS);
  if (xPollMs > 0) periodic.push(every("x.poll", xPollMs, async () => ({ ...(await pollXReplies({ ...opts.xPoll, producer })) }), log));
  // TikTok sends no comment notifications: its accounts' videos of the last 7 days join the comment poll above.
  const tiktokPollMs = opts.tiktokPollIntervalMs ?? (opts.scheduleIntervalMs === 0 ? 0 : tiktokEnv().TIKTOK_POLL_INTERVAL_MS);
  if (tiktokPollMs > 0) periodic.push(every("tiktok.discover", tiktokPollMs, async () => ({ ...(await discoverTikTokVideos(opts.tiktokPoll)) }), log));
  // Outbox mail: rows from before encryption sealed first, then due mails sent, failures retried with
  // backoff and dead-lettered after the last attempt. Every few seconds: a mail after an action is
  // expected promptly (deliverMail sends sooner when it can). Without SMTP_URL only the sealing runs.
  const mailMs = opts.mailIntervalMs ?? 5_000;
  if (mailMs > 0) periodic.push(every("mail.send", mailMs, async () => ({ ...(await backfillOutboxEncryption()), ...(await sendDueMails()) }), log));
  // One line per mail this process sends (the sweep's, and those sent right after a job's commit).
  const stopMailLog = logMailOutcomes(log);
  log.info({ event: "worker.started", queues: QUEUE_NAMES, concurrency: env.WORKER_CONCURRENCY, prefix, healthPort: env.WORKER_HEALTH_PORT });

  let closing: Promise<void> | undefined;
  const close = (closeOpts: { force?: boolean } = {}) =>
    (closing ??= (async () => {
      log.info({ event: "worker.stopping", force: closeOpts.force ?? false });
      if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
      await Promise.all(periodic.map((p) => p.stop()));
      await Promise.all(workers.map((w) => w.close(closeOpts.force ?? false)));
      stopMailLog();
      await images.close();
      await producer.close().catch(() => undefined);
      producerRedis.disconnect();
      await redis.quit().catch(() => redis.disconnect());
      closeLimiters();
      await disconnectDb();
      log.info({ event: "worker.stopped" });
    })());

  return { workers, healthPort: server ? env.WORKER_HEALTH_PORT : null, close };
}

/**
 * The consent keyring must read what is stored. In production a missing key id (or missing keys)
 * stops the worker before it takes a job; elsewhere it is logged so development keeps working.
 */
async function checkKeys(env: WorkerEnv, log: Logger): Promise<void> {
  // The worker writes audit events too: production refuses to start without AUDIT_CHAIN_KEY.
  const security = securityStartupCheck();
  if (security.errors.length && env.NODE_ENV === "production") throw new EnvError(security.errors.join("\n"));
  // These messages name variables and key ids, never key material or data.
  for (const problem of security.errors) log.error({ event: "audit.settings_invalid", problem });
  for (const warning of security.warnings.filter((w) => w.startsWith("audit"))) log.warn({ event: "audit.dev_key", note: warning });
  try {
    const keys = await checkConsentKeys();
    if (keys.insecureDevKeys) log.warn({ event: "consent.dev_keys", activeKeyId: keys.activeKeyId, note: "public development keys: never use with real data" });
    if (keys.rowsUnderOldKeys || keys.envelopesUnderOldKeys) {
      log.info({ event: "consent.rows_under_old_keys", rows: keys.rowsUnderOldKeys, envelopes: keys.envelopesUnderOldKeys, activeKeyId: keys.activeKeyId });
    }
  } catch (error) {
    if (!isConsentKeyProblem(error)) return log.warn({ event: "consent.key_check_skipped", err: error });
    if (env.NODE_ENV === "production") throw error;
    log.error({ event: "consent.keys_unusable", err: error });
  }
}

/** Every line about one job names it: queue, BullMQ job id and job name (ids only, see jobIdFor). */
function jobLog(log: Logger, queue: QueueName, job: Job | undefined): Logger {
  // A scan or a comment event carries the id of the web request that caused it: one search finds both
  // sides. Checked again here: a job whose payload failed its schema is logged too.
  const requestId = webRequestId(job?.data as { requestId?: string } | undefined);
  return log.child({ queue, jobId: job?.id, job: job?.name, ...(requestId ? { requestId } : {}) });
}

// A job still running after this long is abandoned; BullMQ's stalled-job check hands it to another worker.
const SHUTDOWN_GRACE_MS = 30_000;

async function main(): Promise<void> {
  const env = workerEnv();
  const log = logger();
  const handle = await startWorker(env, { log });
  const shutdown = (signal: NodeJS.Signals) => {
    log.info({ event: "worker.signal", signal });
    setTimeout(() => {
      log.error({ event: "worker.shutdown_timeout", graceMs: SHUTDOWN_GRACE_MS });
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    handle.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ event: "worker.shutdown_failed", err: error });
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  main().catch((error: unknown) => {
    // Not logger(): its level comes from the environment, which may be what failed. An EnvError's
    // message names the variables, never their values, so it is the one message worth printing.
    createLogger({ level: "info" }).error({ event: "worker.start_failed", err: error, ...(error instanceof EnvError ? { problem: error.message } : {}) });
    process.exit(1);
  });
}
