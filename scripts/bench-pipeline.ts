// npm run bench:pipeline — the scan pipeline measured through the web layer: the built Next app
// (`next start`) and the worker as separate processes on a bench database of their own, signed in
// as the demo consultant. Loopback only; both processes are stopped at the end, also on failure.
//   Phase 1 (throughput): 200 posts submitted while no worker runs, then one worker drains them.
//   Phase 2 (latency): 200 posts submitted with the worker running; submit → findings committed.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";

const ROOT = path.resolve(import.meta.dirname, "..");
const N = 200;
const PORT = 3210;
const BASE = `http://127.0.0.1:${PORT}`;
const DB_NAME = "vetted_bench";
// Migrations as the owner, the app and the worker as the least-privileged vetted_app role.
const DB_URL = `postgresql://vetted_app@127.0.0.1:5432/${DB_NAME}`;
const OWNER_DB_URL = `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`;
const ORG = "st-brigid-hospital";
const CONCURRENCY = { submit: 8, worker: 8 };
const ENV = {
  ...process.env,
  NODE_ENV: "production",
  DATABASE_URL: DB_URL,
  MIGRATION_DATABASE_URL: OWNER_DB_URL,
  AUDIT_CHAIN_KEY: `bench1:${Buffer.alloc(32, "bench-audit-chain-key-not-secret").toString("base64")}`,
  // A throwaway Ed25519 key (PKCS#8 DER of a fixed seed), like the other keys here: not a secret.
  AUDIT_CHECKPOINT_SIGNING_KEY: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.alloc(32, "bench-checkpoint-key-not-secret")]).toString("base64"),
  REDIS_URL: "redis://127.0.0.1:6379/5",
  AUTH_SECRET: "bench-only-secret-0123456789abcdef0123456789",
  APP_URL: BASE,
  SMTP_URL: "",
  MEDIA_DIR: "var/media-bench",
  LOG_LEVEL: "warn",
  WORKER_CONCURRENCY: String(CONCURRENCY.worker),
  NEXT_TELEMETRY_DISABLED: "1",
};

const children: ChildProcess[] = [];
const say = (s: string) => console.log(`== ${s}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startProcess(cmd: string, args: string[], cwd: string): ChildProcess {
  const child = spawn(cmd, args, { cwd, env: ENV, stdio: ["ignore", "ignore", "inherit"], detached: true });
  children.push(child);
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once("exit", r));
  process.kill(-child.pid, "SIGTERM");
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
}

async function resetDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  execFileSync("bash", ["scripts/prisma.sh", "migrate", "deploy"], { cwd: ROOT, env: ENV, stdio: ["ignore", "ignore", "inherit"] });
  execFileSync("npx", ["tsx", "prisma/seed.ts"], { cwd: ROOT, env: ENV, stdio: ["ignore", "ignore", "inherit"] });
  execFileSync("redis-cli", ["-n", "5", "FLUSHDB"], { stdio: "ignore" });
}

async function waitHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await sleep(200);
  }
  throw new Error(`${url} did not come up`);
}

const cookies = new Map<string, string>();
const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
function keepCookies(res: Response): void {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
}

async function signIn(): Promise<void> {
  const csrfRes = await fetch(`${BASE}/api/auth/csrf`);
  keepCookies(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(), origin: BASE },
    body: new URLSearchParams({ csrfToken, email: "consultant@vetted.test", password: "Vetted-demo-2026!", callbackUrl: BASE }),
  });
  keepCookies(res);
  if (![...cookies.keys()].some((k) => k.includes("session-token"))) throw new Error(`Sign-in failed (HTTP ${res.status})`);
}

async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${BASE}/api/orgs/${ORG}${url}`, {
    method,
    headers: { cookie: cookieHeader(), origin: BASE, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${url} → HTTP ${res.status}`);
  return (await res.json()) as T;
}

const FIRST = ["Tomasz", "Aleksandra", "Oluwaseun", "Mirela", "Dmitri", "Ingrid", "Rafael", "Yuki"];
const LAST = ["Kowalczyk", "Nakamura", "Okonkwo", "Lindqvist", "Castellanos", "Brennan", "Haddad", "Moreau"];
function postText(i: number): string {
  if (i % 4 === 3) return `Join us for the community health fair this Saturday, booth ${i}.`;
  return `Wishing a speedy recovery to ${FIRST[i % 8]} ${LAST[(i >> 3) % 8]} after the bypass surgery this week (#${i}).`;
}

async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
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
  await resetDatabase();
  if (!existsSync(path.join(ROOT, "apps/web/.next/BUILD_ID"))) {
    say("Building the web app (no production build found)");
    // --webpack: see apps/web/next.config.ts (Turbopack cannot resolve the packages' ".js" imports yet).
    execFileSync("npx", ["next", "build", "--webpack"], { cwd: path.join(ROOT, "apps/web"), env: ENV, stdio: ["ignore", "ignore", "inherit"] });
  }
  say(`Starting next start on ${BASE}`);
  startProcess("npx", ["next", "start", "-H", "127.0.0.1", "-p", String(PORT)], path.join(ROOT, "apps/web"));
  await waitHttp(`${BASE}/api/auth/csrf`, 60_000);
  await signIn();
  const db = new pg.Client({ connectionString: DB_URL });
  await db.connect();

  say(`Phase 1: ${N} posts submitted with no worker running, then one worker (concurrency ${CONCURRENCY.worker}) drains them`);
  await pool([...Array(N).keys()], CONCURRENCY.submit, (i) => createAndSubmit(i).then(() => undefined));
  const workerStarted = performance.now();
  startProcess("npx", ["tsx", "apps/worker/src/main.ts"], ROOT);
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
    await Promise.all(children.map(stopProcess));
  });
