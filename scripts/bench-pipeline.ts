// npm run bench:pipeline — the scan pipeline measured through the web layer: the built Next app
// (`next start`; built first when there is none) and the worker as separate processes on a bench
// database of their own, signed in as the demo consultant. Loopback only; both processes are stopped
// at the end, also on failure.
//   Phase 1 (throughput): a backlog of B posts submitted while no worker runs, then one worker drains
//   it. B is 1,000 by default: the target is a worker's sustained rate, and a 200-scan drain lasts
//   about a second, a third of which is the new process's first jobs (cold code, first org reads).
//   The rate of the first 200 scans is reported beside it, unjudged.
//   Phase 2 (latency): N posts submitted with the worker running; submit → findings committed.
// Options: --posts=<N, default 200> --backlog=<B, default 1000> --smoke (5 posts, web stand-in)
// --web=next|stand-in --json <file>.
import pg from "pg";
import { benchDatabaseName, benchRedisUrl } from "./bench/names";
import { measured, notMeasured, numberOption, parseBenchArgs, writeReport, type BenchRow } from "./bench/report";
import { ROOT, startWeb, webKind } from "./bench/web";
import { throwawayAppEnv } from "./harness/app-env";
import { flushRedis, freePort, migratedDatabase, Processes, seedDatabase, sleep, tsxBin, waitFor } from "./harness/processes";
import { ensureWebBuild } from "./harness/web-build";
import { pool, WebSession } from "./harness/web-session";

const ORG = "st-brigid-hospital";
const CONCURRENCY = { submit: 8, worker: 8 };
const TARGETS = { p95Ms: 1000, scansPerSecond: 200 };
const started = performance.now();
const say = (s: string) => console.log(`== [${((performance.now() - started) / 1000).toFixed(1)} s] ${s}`);

const FIRST = ["Tomasz", "Aleksandra", "Oluwaseun", "Mirela", "Dmitri", "Ingrid", "Rafael", "Yuki"];
const LAST = ["Kowalczyk", "Nakamura", "Okonkwo", "Lindqvist", "Castellanos", "Brennan", "Haddad", "Moreau"];
/** Every fourth post names nobody; the others name a patient and a surgery. */
const isCleanText = (i: number) => i % 4 === 3;
function postText(i: number): string {
  if (isCleanText(i)) return `Join us for the community health fair this Saturday, booth ${i}.`;
  return `Wishing a speedy recovery to ${FIRST[i % 8]} ${LAST[(i >> 3) % 8]} after the bypass surgery this week (#${i}).`;
}

const api = <T>(web: WebSession, method: string, url: string, body?: unknown) => web.json<T>(method, `/api/orgs/${ORG}${url}`, body);

async function createAndSubmit(web: WebSession, i: number, onSubmit?: (scanJobId: string, t0: number) => void): Promise<string> {
  const { post } = await api<{ post: { id: string; currentRevision: number } }>(web, "POST", "/posts", { title: `Bench ${i}`, text: postText(i), channels: ["FACEBOOK"] });
  const t0 = performance.now();
  const { scanJobId } = await api<{ scanJobId: string }>(web, "POST", `/posts/${post.id}/submit`, { revision: post.currentRevision });
  onSubmit?.(scanJobId, t0);
  return post.id;
}

const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]! : Number.NaN);

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const n = numberOption(args, "posts", args.smoke ? 5 : 200);
  const backlog = numberOption(args, "backlog", args.smoke ? 5 : 1000);
  const kind = webKind(args);
  const database = benchDatabaseName("pipeline");
  const redisUrl = benchRedisUrl(5);
  const base = `http://127.0.0.1:${await freePort()}`;
  // Production mode with throwaway keys: the seed, the web app and the worker.
  const env: NodeJS.ProcessEnv = {
    ...throwawayAppEnv({ label: "bench", database, redisUrl, appUrl: base, mediaDir: "var/media-bench" }),
    WORKER_CONCURRENCY: String(CONCURRENCY.worker),
  };
  const procs = new Processes();
  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  try {
    if (kind === "next") ensureWebBuild(ROOT, env, say);
    say(`Bench database ${database}: recreate, migrate, seed; Redis ${redisUrl} emptied`);
    await migratedDatabase(ROOT, database, env);
    await flushRedis(redisUrl);
    const web = startWeb(kind, procs, env, Number(new URL(base).port));
    say(`Seeding; meanwhile the web app starts on ${base} (${web.note})`);
    await seedDatabase(ROOT, env);
    say("Database seeded");
    await waitFor("the web app", 90_000, async () => (await fetch(kind === "next" ? `${base}/api/auth/csrf` : `${base}/healthz`)).ok, 200, procs);
    say("Web app answering");
    const client = new WebSession(base);
    // The stand-in acts as the demo consultant without a session.
    if (kind === "next") await client.signIn("consultant@vetted.test", "Vetted-demo-2026!");
    await db.connect();

    say(`Phase 1: ${backlog} posts submitted with no worker running, then one worker (concurrency ${CONCURRENCY.worker}) drains them`);
    // Phase 1's own scans only, by post: the demo seed holds months of finished scans (its history).
    const phase1Posts: string[] = [];
    await pool([...Array(backlog).keys()], CONCURRENCY.submit, async (i) => {
      phase1Posts.push(await createAndSubmit(client, i));
    });
    const workerStarted = performance.now();
    procs.start(tsxBin(ROOT), ["apps/worker/src/main.ts"], ROOT, env);
    // The drain is timed from the scans' own timestamps, not by this poll: it only has to notice the
    // end, and polling seldom keeps it from taking CPU from the worker and PostgreSQL it measures.
    await waitFor("phase 1's scans", 120_000, async () => {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "ScanJob" WHERE status = 'SUCCEEDED' AND "postId" = ANY($1::uuid[])`, [phase1Posts]);
      return rows[0]!.n >= backlog;
    }, 500, procs);
    const { rows: span } = await db.query<{ ms: string }>(
      `SELECT EXTRACT(EPOCH FROM max("finishedAt") - min("startedAt")) * 1000 AS ms FROM "ScanJob" WHERE status = 'SUCCEEDED' AND "postId" = ANY($1::uuid[])`,
      [phase1Posts],
    );
    const drainMs = Number(span[0]!.ms);
    // The 200th scan to finish, from the first one's start: what a 200-post drain measured before.
    const { rows: early } = await db.query<{ ms: string | null }>(
      `SELECT EXTRACT(EPOCH FROM (SELECT "finishedAt" FROM "ScanJob" WHERE status = 'SUCCEEDED' AND "postId" = ANY($1::uuid[]) ORDER BY "finishedAt" OFFSET $2 LIMIT 1)
        - (SELECT min("startedAt") FROM "ScanJob" WHERE "postId" = ANY($1::uuid[]))) * 1000 AS ms`,
      [phase1Posts, Math.min(200, backlog) - 1],
    );
    const first200 = Math.round((Math.min(200, backlog) / Number(early[0]!.ms)) * 1000);
    say(`Phase 1 done (${Math.round(drainMs)} ms from the first scan's start to the last one's end)`);
    const totalMs = performance.now() - workerStarted;

    say(`Phase 2: ${n} posts submitted through the web (${CONCURRENCY.submit} at a time) with the worker running`);
    const pending = new Map<string, number>();
    const latencies: number[] = [];
    let submitting = true;
    let abandoned = false;
    const phase2Start = performance.now();
    const watcher = (async () => {
      while (!abandoned && (submitting || pending.size > 0)) {
        procs.check();
        if (performance.now() - phase2Start > 120_000) throw new Error("Phase 2 scans did not finish in 120 s");
        if (pending.size) {
          const { rows } = await db.query<{ id: string }>(`SELECT id::text FROM "ScanJob" WHERE id = ANY($1::uuid[]) AND status = 'SUCCEEDED'`, [[...pending.keys()]]);
          const now = performance.now();
          for (const { id } of rows) {
            latencies.push(now - pending.get(id)!);
            pending.delete(id);
          }
        }
        await sleep(5);
      }
    })();
    const postIds = new Map<number, string>();
    try {
      await pool([...Array(n).keys()].map((i) => i + backlog), CONCURRENCY.submit, async (i) => {
        postIds.set(i, await createAndSubmit(client, i, (id, t0) => pending.set(id, t0)));
      });
    } catch (error) {
      abandoned = true;
      await watcher.catch(() => undefined);
      throw error;
    } finally {
      submitting = false;
    }
    await watcher;
    const phase2Ms = performance.now() - phase2Start;

    // Visible through the web layer too: the post page's API returns the findings of a PHI post.
    const phiPost = [...postIds].find(([i]) => !isCleanText(i))![1];
    const sample = await api<{ post: { state: string }; findings: unknown[] }>(client, "GET", `/posts/${phiPost}`);
    const summary = {
      posts: n,
      web: kind,
      workerConcurrency: CONCURRENCY.worker,
      phase1: { backlog, scansPerSecond: Math.round((backlog / drainMs) * 1000), drainMs: Math.round(drainMs), first200PerSecond: first200, fromWorkerStartMs: Math.round(totalMs) },
      phase2: { submitToFindingsMs: { p50: Math.round(pct(latencies, 50)), p95: Math.round(pct(latencies, 95)), max: Math.round(Math.max(...latencies)) }, postsPerSecond: Math.round((n / phase2Ms) * 1000) },
      sampleViaWeb: { state: sample.post.state, findings: sample.findings.length },
      targets: TARGETS,
    };
    console.log(JSON.stringify(summary, null, 2));
    const rows: BenchRow[] = [
      measured(`phase 1: scans per second (one worker draining ${backlog} posts)`, summary.phase1.scansPerSecond, "/s", { comparator: ">=", value: TARGETS.scansPerSecond }),
      measured("phase 1: backlog drained in", summary.phase1.drainMs, "ms"),
      measured("phase 1: first 200 scans per second (with the worker's warm-up)", summary.phase1.first200PerSecond, "/s"),
      measured("phase 2: submit → findings p50", summary.phase2.submitToFindingsMs.p50, "ms"),
      measured("phase 2: submit → findings p95", summary.phase2.submitToFindingsMs.p95, "ms", { comparator: "<=", value: TARGETS.p95Ms }),
      measured("phase 2: posts submitted per second", summary.phase2.postsPerSecond, "/s"),
      measured("findings of a PHI post read back through the web", sample.findings.length, "findings", { comparator: ">=", value: 1 }),
    ];
    if (kind === "stand-in") rows.push(notMeasured("web layer (next start)", "not run: smoke mode uses a stand-in (no next build)"));
    writeReport(args, { bench: "pipeline", rows, notes: [`phase 1: ${backlog} posts, phase 2: ${n} posts; ${web.note}`] });
  } finally {
    await db.end().catch(() => undefined);
    await procs.stopAll();
  }
}

main().catch((error: unknown) => {
  console.error("bench failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
