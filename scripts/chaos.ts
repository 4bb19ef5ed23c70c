// npm run chaos — the proof of issue 15: with `next start` and two workers on a database and a Redis of
// their own, (a) a worker is SIGKILLed mid-scan, (b) Redis is restarted while scan jobs wait in it,
// (c) a worker is restarted during a burst of mail. Then: every post reached a final scan state, every
// outbox mail was sent and received once (an SMTP sink in this process counts each by its
// Message-ID, which names the outbox row), every audit chain verifies against its signed checkpoint,
// and no worker crashed. Prints the verdicts and the recovery times; exits 1 when a target is missed.
// Options: --posts=N (default 40) --mails=N (default 100) --deadline=S (per recovery, default 360:
// more than the 5-minute claim a killed sender leaves on a mail). Logs: var/chaos/*.log.
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { outboxIdOf } from "@vetted/domain";
import { messageIdHeader, startSmtpSink, type SmtpSink } from "@vetted/domain/testing";
import { createSimulator, type Simulator } from "@vetted/simulator";
import { throwawayAppEnv, throwawayMeta } from "./harness/app-env";
import { freePort, freshDatabase, Processes, sleep, waitFor } from "./harness/processes";
import { ensureWebBuild } from "./harness/web-build";
import { WebSession } from "./harness/web-session";
import { Cluster } from "./chaos/cluster";
import { addAdmins, adminsFor } from "./chaos/load";
import { killWorkerMidScan, restartRedisWhileQueued, restartWorkerDuringMailBurst, type ChaosRun } from "./chaos/faults";
import { Observer, verifyChains } from "./chaos/observe";
import { PrivateRedis } from "./chaos/private-redis";
import { chaosChecks, checksTable, isFinal, markdownTable, passed, tallyMails, tallyScans, type Receipt } from "./chaos/verdicts";

const ROOT = path.resolve(import.meta.dirname, "..");
const LOG_DIR = path.join(ROOT, "var/chaos");
const DB_NAME = "vetted_chaos";
const ORG = "st-brigid-hospital";
const ADMIN_ORGS = ["st-brigid-hospital", "brightsmile-dental", "maple-grove-senior-living"];
const DEMO_PASSWORD = "Vetted-demo-2026!";
const CONCURRENCY = 2;
const OUTAGE_POSTS = 4;
const REDIS_DOWN_MS = 5_000;

function option(name: string, fallback: number): number {
  const raw = process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number`);
  return n;
}

const say = (line: string) => console.log(line.startsWith("   ") ? line : `== ${line}`);
const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

/** What the sink received, each message tied to the outbox row its Message-ID names. */
const receipts = (sink: SmtpSink): Receipt[] =>
  sink.messages.map((m) => {
    const header = messageIdHeader(m.data);
    return { mailId: header ? outboxIdOf(header) : null, acceptedAt: m.acceptedAt };
  });

interface Resources {
  procs: Processes;
  sink?: SmtpSink;
  sim?: Simulator;
  redis?: PrivateRedis;
  cluster?: Cluster;
  obs?: Observer;
}

async function teardown(r: Resources): Promise<void> {
  await r.obs?.close();
  await r.cluster?.stop().catch(() => undefined);
  await r.procs.stopAll();
  await r.redis?.close().catch(() => undefined);
  await r.sink?.close().catch(() => undefined);
  await r.sim?.close().catch(() => undefined);
  const { disconnectDb } = await import("@vetted/db");
  await disconnectDb().catch(() => undefined);
}

async function runChaos(r: Resources): Promise<boolean> {
  const total = option("posts", 40);
  const mails = option("mails", 100);
  const deadlineMs = option("deadline", 360) * 1000;
  rmSync(LOG_DIR, { recursive: true, force: true });
  mkdirSync(LOG_DIR, { recursive: true });
  const [webPort, redisPort, health1, health2] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const base = `http://127.0.0.1:${webPort}`;

  r.sink = await startSmtpSink();
  const meta = throwawayMeta("chaos");
  r.sim = await createSimulator({ port: 0, host: "127.0.0.1", appId: meta.META_APP_ID, appSecret: meta.META_APP_SECRET, verifyToken: meta.META_VERIFY_TOKEN, callbackUrl: null, log: () => undefined });
  r.redis = new PrivateRedis(r.procs, redisPort, path.join(LOG_DIR, "redis.log"));
  say(`Private Redis on port ${redisPort} (appendonly yes, data in ${r.redis.dir}); SMTP sink at ${r.sink.url}`);
  await r.redis.start();
  const env: NodeJS.ProcessEnv = { ...throwawayAppEnv({ label: "chaos", database: DB_NAME, redisUrl: r.redis.url, appUrl: base, mediaDir: "var/media-chaos", simulatorUrl: r.sim.url }), WORKER_CONCURRENCY: String(CONCURRENCY) };
  // This process verifies the audit chains with the app's own code: it reads the same keys.
  Object.assign(process.env, env);
  say(`Database ${DB_NAME}: recreate, migrate, seed`);
  await freshDatabase(ROOT, DB_NAME, env);
  ensureWebBuild(ROOT, env, say);

  // The web app gets no SMTP_URL: its mails wait in the outbox for the workers' sweep (and the
  // workers' own fast path), so the burst is the workers' to send, and to survive their restarts.
  r.cluster = new Cluster(r.procs, ROOT, { web: env, worker: { ...env, SMTP_URL: r.sink.url, LOG_LEVEL: "info" } }, LOG_DIR);
  say(`next start on ${base}; worker-1 and worker-2 (concurrency ${CONCURRENCY}, health ports ${health1} and ${health2})`);
  await r.cluster.startWeb(webPort);
  r.cluster.addWorker("worker-1", health1);
  r.cluster.addWorker("worker-2", health2);
  await Promise.all([r.cluster.startWorker("worker-1"), r.cluster.startWorker("worker-2")]);
  const consultant = await new WebSession(base).signIn("consultant@vetted.test", DEMO_PASSWORD);
  const admin = await new WebSession(base).signIn("admin@vetted.test", DEMO_PASSWORD);
  const extraAdmins = await addAdmins(env.MIGRATION_DATABASE_URL!, ADMIN_ORGS, adminsFor(mails) - 1);
  const admins = [admin, ...(await Promise.all(extraAdmins.map((email) => new WebSession(base).signIn(email, DEMO_PASSWORD))))];
  // A signed checkpoint of each chain before the faults: verification then also proves no event went missing.
  for (const slug of ADMIN_ORGS) await admin.json("POST", `/api/orgs/${slug}/audit/checkpoints`);
  r.obs = await Observer.connect(env.MIGRATION_DATABASE_URL!);

  const run: ChaosRun = {
    cluster: r.cluster, redis: r.redis, sink: r.sink, obs: r.obs, consultant, admin, admins, orgSlug: ORG, adminOrgSlugs: ADMIN_ORGS,
    concurrency: CONCURRENCY, deadlineMs, posts: [], kills: [], timings: [], outageSubmits: { tried: 0, accepted: 0 }, say,
  };
  const firstWave = Math.ceil((total - OUTAGE_POSTS) * 0.6);
  await killWorkerMidScan(run, range(0, firstWave));
  await restartRedisWhileQueued(run, range(firstWave, total - OUTAGE_POSTS), range(total - OUTAGE_POSTS, total), REDIS_DOWN_MS);
  await restartWorkerDuringMailBurst(run, mails);

  say("Waiting for every post to be scanned and every mail sent, then one more sweep period for late copies");
  const postIds = run.posts.map((p) => p.postId);
  await waitFor("every post final and every mail sent", deadlineMs, async () => (await r.obs!.posts(postIds)).every(isFinal) && (await r.obs!.unsentMails()) === 0, 500).catch((e: unknown) => say(`   ${e instanceof Error ? e.message : e}`));
  await sleep(7_000);

  const checks = chaosChecks({
    scans: tallyScans(await r.obs.posts(postIds)),
    mails: tallyMails(await r.obs.mails(), receipts(r.sink), run.kills),
    chains: await verifyChains(await r.obs.orgs()),
    processes: r.cluster.lives().map((p) => ({ name: p.name, starts: p.starts, unexpectedExits: p.unexpectedExits.length, everyStartHealthy: p.everyStartHealthy })),
    outageSubmits: run.outageSubmits,
  });
  console.log(`\n${markdownTable(["fault", "restart", "recovery"], run.timings.map((t) => [t.fault, t.restart, t.recovered]))}\n`);
  console.log(`${checksTable(checks)}\n`);
  const ok = passed(checks);
  console.log(ok ? "chaos: every target met" : `chaos: targets NOT met (logs in ${path.relative(ROOT, LOG_DIR)}/)`);
  return ok;
}

const resources: Resources = { procs: new Processes() };
let stopping: Promise<void> | null = null;
const stop = () => (stopping ??= teardown(resources));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\nchaos: ${signal}, stopping everything it started`);
    void stop().finally(() => process.exit(130));
  });
}
runChaos(resources)
  .then((ok) => {
    if (!ok) process.exitCode = 1;
  }, (error: unknown) => {
    console.error("chaos failed:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(stop);
