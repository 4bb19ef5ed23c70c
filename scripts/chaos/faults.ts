// The three faults of `npm run chaos`, each injected while work is in flight and each timed until the
// system has recovered from it: (a) SIGKILL of a worker mid-scan, (b) a Redis restart while scan jobs
// wait in the queue, (c) a graceful worker restart during a burst of mail.
import type { SmtpSink } from "@vetted/domain/testing";
import { sleep, waitFor } from "../harness/processes";
import { HttpError, type WebSession } from "../harness/web-session";
import type { Cluster } from "./cluster";
import { inviteBurst, submitPosts, submitPostWithImage, type SubmittedPost } from "./load";
import type { Observer } from "./observe";
import type { PrivateRedis } from "./private-redis";

export interface FaultTiming {
  fault: string;
  /** How the processes came back (restart → healthy). */
  restart: string;
  /** How long until the work the fault hit was done. */
  recovered: string;
}

export interface ChaosRun {
  cluster: Cluster;
  redis: PrivateRedis;
  sink: SmtpSink;
  obs: Observer;
  consultant: WebSession;
  admin: WebSession;
  /** The admin and the extra admins of the same orgs who share the invitation burst (limits per person). */
  admins: WebSession[];
  orgSlug: string;
  adminOrgSlugs: string[];
  /** Scan slots per worker: more scans running than this means every worker holds one. */
  concurrency: number;
  deadlineMs: number;
  posts: SubmittedPost[];
  /** When each SIGKILL landed (Date.now()): the at-least-once window of the mail verdict. */
  kills: number[];
  timings: FaultTiming[];
  outageSubmits: { tried: number; accepted: number };
  say(line: string): void;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Milliseconds from `since` until `done` holds, or null when it did not within the run's deadline. */
async function recoveredAfter(run: ChaosRun, since: number, what: string, done: () => Promise<boolean>): Promise<number | null> {
  try {
    await waitFor(what, run.deadlineMs, done, 250);
    return performance.now() - since;
  } catch {
    run.say(`   ${what}: not within ${secs(run.deadlineMs)}`);
    return null;
  }
}

const recoveredText = (ms: number | null, what: string) => (ms === null ? `${what}: NOT within the deadline` : `${what} after ${secs(ms)}`);

/** (a) Posts go in; once more scans run than one worker has slots, worker-1 is SIGKILLed and started again. */
export async function killWorkerMidScan(run: ChaosRun, indexes: number[]): Promise<void> {
  run.say(`(a) ${indexes.length} posts with an image submitted; SIGKILL of worker-1 once more than ${run.concurrency} scans are running`);
  const submitting = submitPosts(run.consultant, run.orgSlug, indexes, 4);
  await waitFor(`more than ${run.concurrency} scans running`, 120_000, async () => (await run.obs.scanJobIds("RUNNING")).length > run.concurrency, 50);
  const running = await run.obs.scanJobIds("RUNNING");
  const killedAt = performance.now();
  run.kills.push(Date.now());
  await run.cluster.killWorker("worker-1");
  const restartMs = await run.cluster.startWorker("worker-1");
  run.posts.push(...(await submitting));
  const recovered = await recoveredAfter(run, killedAt, "the scans running at the kill finished", async () => (await run.obs.unfinishedScanJobs(running)) === 0);
  run.timings.push({
    fault: `(a) SIGKILL worker-1 with ${running.length} scans running (both workers)`,
    restart: `worker-1 restarted, healthy after ${secs(restartMs)}`,
    recovered: recoveredText(recovered, `all ${running.length} finished`),
  });
}

/**
 * (b) More posts go in; with scan jobs waiting in Redis it is shut down (the append-only file is
 * flushed), posts are submitted while it is down (the web must still accept them: the ScanJob row is
 * the outbox), and it is started again on the same port and folder.
 */
export async function restartRedisWhileQueued(run: ChaosRun, indexes: number[], duringOutage: number[], downMs: number): Promise<void> {
  run.say(`(b) ${indexes.length} more posts; Redis SHUTDOWN once scan jobs wait in it, ${duringOutage.length} posts submitted while it is down`);
  // Submitted faster than the scan slots take them, so a queue builds up in Redis.
  const submitting = submitPosts(run.consultant, run.orgSlug, indexes, 8);
  const queued = Math.min(6, indexes.length);
  await waitFor(`${queued} scan jobs waiting in Redis`, 120_000, async () => ((await run.redis.waiting("scan")) ?? 0) >= queued, 50);
  const waitingBefore = (await run.redis.waiting("scan")) ?? 0;
  const downAt = performance.now();
  await run.redis.shutdown();
  for (const i of duringOutage) {
    run.outageSubmits.tried++;
    try {
      run.posts.push(await submitPostWithImage(run.consultant, run.orgSlug, i));
      run.outageSubmits.accepted++;
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      run.say(`   a submit during the outage was refused: ${error.message}`);
    }
  }
  await sleep(Math.max(0, downMs - (performance.now() - downAt)));
  await run.redis.start();
  const upAt = performance.now();
  const waitingAfter = (await run.redis.waiting("scan")) ?? 0;
  run.posts.push(...(await submitting));
  const healthy = await recoveredAfter(run, upAt, "both workers healthy again", async () => (await run.cluster.healthy("worker-1")) && (await run.cluster.healthy("worker-2")));
  const ids = run.posts.map((p) => p.scanJobId);
  const recovered = await recoveredAfter(run, upAt, "every scan so far finished", async () => (await run.obs.unfinishedScanJobs(ids)) === 0);
  run.timings.push({
    fault: `(b) Redis down ${secs(upAt - downAt)} with ${waitingBefore} scan jobs waiting (${waitingAfter} waiting after the restart)`,
    restart: healthy === null ? "workers NOT healthy within the deadline" : `workers healthy ${secs(healthy)} after Redis was back`,
    recovered: recoveredText(recovered, `all ${ids.length} scans finished`),
  });
}

/** (c) Admins send a burst of invitations; once the workers are sending them, worker-2 gets SIGTERM and is started again. */
export async function restartWorkerDuringMailBurst(run: ChaosRun, count: number): Promise<void> {
  run.say(`(c) ${count} invitations; SIGTERM of worker-2 once their mails are being sent, then a fresh start`);
  const before = run.sink.messages.length;
  const burst = inviteBurst(run.admins, run.adminOrgSlugs, count, 8);
  await waitFor("the first mails of the burst delivered", 120_000, async () => run.sink.messages.length > before, 20);
  const sentBeforeStop = run.sink.messages.length - before;
  const stoppedAt = performance.now();
  const stopMs = await run.cluster.stopWorker("worker-2");
  const startMs = await run.cluster.startWorker("worker-2");
  const { created, failed } = await burst;
  if (failed) run.say(`   ${failed} of ${count} invitations were refused`);
  const recovered = await recoveredAfter(run, stoppedAt, "every outbox mail sent", async () => (await run.obs.unsentMails()) === 0);
  run.timings.push({
    fault: `(c) SIGTERM worker-2 during ${created} invitation mails (${sentBeforeStop} delivered before)`,
    restart: `worker-2 stopped in ${secs(stopMs)}, healthy again ${secs(startMs)} later`,
    recovered: recoveredText(recovered, "every outbox mail sent"),
  });
}
