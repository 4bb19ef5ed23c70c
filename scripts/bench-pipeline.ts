// npm run bench:pipeline — the scan pipeline measured through the web layer: the built Next app
// (`next start`) and the worker as separate processes on a bench database of their own, signed in
// as the demo consultant. Loopback only; both processes are stopped at the end, also on failure.
//   Phase 1 (throughput): 200 posts submitted while no worker runs, then one worker drains them.
//   Phase 2 (latency): 200 posts submitted with the worker running; submit → findings committed.
import path from "node:path";
import pg from "pg";
import { throwawayAppEnv } from "./harness/app-env";
import { flushRedis, freshDatabase, Processes, waitFor, sleep } from "./harness/processes";
import { ensureWebBuild } from "./harness/web-build";
import { pool, WebSession } from "./harness/web-session";

const ROOT = path.resolve(import.meta.dirname, "..");
const N = 200;
const PORT = 3210;
const BASE = `http://127.0.0.1:${PORT}`;
const DB_NAME = "vetted_bench";
const ORG = "st-brigid-hospital";
const CONCURRENCY = { submit: 8, worker: 8 };
// Migrations as the owner, the app and the worker as the least-privileged vetted_app role.
const ENV: NodeJS.ProcessEnv = {
  ...throwawayAppEnv({ label: "bench", database: DB_NAME, redisUrl: "redis://127.0.0.1:6379/5", appUrl: BASE, mediaDir: "var/media-bench" }),
  WORKER_CONCURRENCY: String(CONCURRENCY.worker),
};
const DB_URL = ENV.DATABASE_URL!;

const procs = new Processes();
const say = (s: string) => console.log(`== ${s}`);
const web = new WebSession(BASE);
const api = <T>(method: string, url: string, body?: unknown) => web.json<T>(method, `/api/orgs/${ORG}${url}`, body);

const FIRST = ["Tomasz", "Aleksandra", "Oluwaseun", "Mirela", "Dmitri", "Ingrid", "Rafael", "Yuki"];
const LAST = ["Kowalczyk", "Nakamura", "Okonkwo", "Lindqvist", "Castellanos", "Brennan", "Haddad", "Moreau"];
function postText(i: number): string {
  if (i % 4 === 3) return `Join us for the community health fair this Saturday, booth ${i}.`;
  return `Wishing a speedy recovery to ${FIRST[i % 8]} ${LAST[(i >> 3) % 8]} after the bypass surgery this week (#${i}).`;
}

async function createAndSubmit(i: number, onSubmit?: (scanJobId: string, t0: number) => void): Promise<string> {
  const { post } = await api<{ post: { id: string; currentRevision: number } }>("POST", "/posts", { title: `Bench ${i}`, text: postText(i), channels: ["FACEBOOK"] });
  const t0 = performance.now();
  const { scanJobId } = await api<{ scanJobId: string }>("POST", `/posts/${post.id}/submit`, { revision: post.currentRevision });
  onSubmit?.(scanJobId, t0);
  return post.id;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

async function main(): Promise<void> {
  say(`Bench database ${DB_NAME}: recreate, migrate, seed`);
  await freshDatabase(ROOT, DB_NAME, ENV);
  flushRedis(ENV.REDIS_URL!);
  ensureWebBuild(ROOT, ENV, say);
  say(`Starting next start on ${BASE}`);
  procs.start("npx", ["next", "start", "-H", "127.0.0.1", "-p", String(PORT)], path.join(ROOT, "apps/web"), ENV);
  await waitFor(`${BASE} answering`, 60_000, async () => (await fetch(`${BASE}/api/auth/csrf`)).ok);
  await web.signIn("consultant@vetted.test", "Vetted-demo-2026!");
  const db = new pg.Client({ connectionString: DB_URL });
  await db.connect();

  say(`Phase 1: ${N} posts submitted with no worker running, then one worker (concurrency ${CONCURRENCY.worker}) drains them`);
  await pool([...Array(N).keys()], CONCURRENCY.submit, (i) => createAndSubmit(i).then(() => undefined));
  const workerStarted = performance.now();
  procs.start("npx", ["tsx", "apps/worker/src/main.ts"], ROOT, ENV);
  for (;;) {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM "ScanJob" WHERE status = 'SUCCEEDED'`);
    if (rows[0].n >= N) break;
    if (performance.now() - workerStarted > 120_000) throw new Error("Phase 1 did not finish in 120 s");
    await sleep(20);
  }
  const { rows: span } = await db.query(`SELECT EXTRACT(EPOCH FROM max("finishedAt") - min("startedAt")) * 1000 AS ms FROM "ScanJob" WHERE status = 'SUCCEEDED'`);
  const drainMs = Number(span[0].ms);
  const totalMs = performance.now() - workerStarted;

  say(`Phase 2: ${N} posts submitted through the web (${CONCURRENCY.submit} at a time) with the worker running`);
  const pending = new Map<string, number>();
  const latencies: number[] = [];
  let submitting = true;
  const watcher = (async () => {
    while (submitting || pending.size > 0) {
      if (pending.size) {
        const { rows } = await db.query(`SELECT id::text FROM "ScanJob" WHERE id = ANY($1::uuid[]) AND status = 'SUCCEEDED'`, [[...pending.keys()]]);
        const now = performance.now();
        for (const { id } of rows as { id: string }[]) {
          latencies.push(now - pending.get(id)!);
          pending.delete(id);
        }
      }
      await sleep(5);
    }
  })();
  const phase2Start = performance.now();
  const postIds: string[] = [];
  await pool([...Array(N).keys()].map((i) => i + N), CONCURRENCY.submit, async (i) => {
    postIds.push(await createAndSubmit(i, (id, t0) => pending.set(id, t0)));
  });
  submitting = false;
  await Promise.race([watcher, sleep(60_000).then(() => { throw new Error("Phase 2 scans did not finish in 60 s"); })]);
  const phase2Ms = performance.now() - phase2Start;

  // Visible through the web layer too: the post page's API returns the findings.
  const sample = await api<{ post: { state: string }; findings: unknown[] }>("GET", `/posts/${postIds[0]}`);
  await db.end();

  console.log(JSON.stringify({
    posts: N,
    workerConcurrency: CONCURRENCY.worker,
    phase1: { scansPerSecond: Math.round((N / drainMs) * 1000), drainMs: Math.round(drainMs), fromWorkerStartMs: Math.round(totalMs) },
    phase2: {
      submitToFindingsMs: { p50: Math.round(pct(latencies, 50)), p95: Math.round(pct(latencies, 95)), max: Math.round(Math.max(...latencies)) },
      postsPerSecond: Math.round((N / phase2Ms) * 1000),
    },
    sampleViaWeb: { state: sample.post.state, findings: sample.findings.length },
    targets: { p95Ms: 1000, scansPerSecond: 200 },
  }, null, 2));
}

main()
  .catch((error: unknown) => {
    console.error("bench failed:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await procs.stopAll();
  });
