// npm run bench:pages — the pages people open all day, at an agency's scale (issue 16): 500 client orgs,
// 1,000,000 posts and 5,000,000 findings (with their revisions, scan jobs and decisions) generated in
// PostgreSQL (scripts/bench-pages/generate.ts) on a database of its own (vetted_bench_pages, recreated),
// then `next start` of the production build and 50 concurrent signed-in users (autocannon) on each page
// in turn: the agency overview (/overview), the review queue (/review, a compliance officer of 10 orgs)
// and the post list of the biggest client (/orgs/bench-client-001/posts, a consultant of the same 10).
// Reports p50/p95/p99, errors and pages/s per page (target p95 ≤ 150 ms, no errors); a page the build
// does not have is a failed "page missing" row. Also EXPLAIN (ANALYZE, BUFFERS) of the queries behind
// the pages, written to <results>/pages-plans.txt. Everything it started is stopped at the end.
// Unjudged beside them: the same closed loop on a page that reads nothing (/signin: what any page of this
// build costs), each page's least possible mean time under that loop on this machine (Little's law from
// its measured CPU), and the same pages under users who read between pages (--think-min-ms /
// --think-max-ms, default 1,000–3,000).
// Options: --seconds=<per page, default 30> --connections=<default 50> --web=next|stand-in
// --reuse (keep the database when it already has the data: for repeated EXPLAIN work)
// --explain-only (generate and explain, no web) --smoke (20 orgs, 4,000 posts, stand-in) --json <file>.
import { mkdirSync } from "node:fs";
import path from "node:path";
import bcrypt from "bcryptjs";
import pg from "pg";
import { describeMachine, loadAverage } from "./bench/machine";
import { cpuSeconds, cpuSnapshot } from "./bench-comments/cpu-usage";
import { benchDatabaseName, benchRedisUrl } from "./bench/names";
import { measured, notMeasured, numberOption, parseBenchArgs, writeReport, type BenchArgs, type BenchRow } from "./bench/report";
import { ROOT, startWeb, webKind } from "./bench/web";
import { explainPages, planTable } from "./bench-pages/explain";
import { BENCH_CONSULTANT, BENCH_OFFICER, FULL_SIZES, SMOKE_SIZES, generateScale, orgSlug, type ScaleSizes } from "./bench-pages/generate";
import { floorRows, pageRows, pageTable, probe, referenceRows, runLoad, type PageResult, type PageTarget } from "./bench-pages/load";
import { runUsersWithThinkTime, thinkRows, type ThinkOptions, type ThinkResult } from "./bench-pages/think-time";
import { throwawayAppEnv } from "./harness/app-env";
import { flushRedis, freePort, migratedDatabase, Processes, waitFor } from "./harness/processes";
import { ensureWebBuild } from "./harness/web-build";
import { pool, WebSession } from "./harness/web-session";

const PASSWORD = "bench-only-password-not-a-secret";

/** True when the database already holds this size's data (--reuse). */
async function populated(url: string, sizes: ScaleSizes): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ posts: number }>(`SELECT count(*)::int AS posts FROM "Post" WHERE title LIKE 'Bench post %'`);
    return rows[0]!.posts === sizes.posts;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The PostgreSQL backends connected to the bench database now (the web's pool after its warm-up). */
async function backendPids(url: string, dbName: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName]);
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

/** `count` signed-in sessions of one user: the headers each simulated user sends. */
async function sessions(base: string, email: string, count: number): Promise<Record<string, string>[]> {
  const out: Record<string, string>[] = new Array(count);
  await pool(Array.from({ length: count }, (_, i) => i), 4, async (i) => {
    out[i] = { cookie: (await new WebSession(base).signIn(email, PASSWORD)).cookieHeader() };
  });
  return out;
}

async function runPagesBench(args: BenchArgs): Promise<boolean> {
  const sizes = args.smoke ? SMOKE_SIZES : FULL_SIZES;
  const seconds = numberOption(args, "seconds", args.smoke ? 2 : 30);
  const connections = numberOption(args, "connections", args.smoke ? 4 : 50);
  const explainOnly = args.options.has("explain-only") || process.argv.includes("--explain-only");
  const kind = webKind(args);
  const dbName = benchDatabaseName("pages");
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...throwawayAppEnv({ label: "bench", database: dbName, redisUrl: benchRedisUrl(7), appUrl: base, mediaDir: "var/media-bench-pages" }), BENCH_STAND_IN_USER: BENCH_CONSULTANT };
  const resultsDir = args.json ? path.dirname(path.resolve(args.json)) : path.join(ROOT, "bench-results");
  mkdirSync(resultsDir, { recursive: true });
  const procs = new Processes();
  const loadBefore = loadAverage();
  const notes: string[] = [];
  try {
    if (kind === "next" && !explainOnly) ensureWebBuild(ROOT, env, (line) => console.log(`== ${line}`));
    if (process.argv.includes("--reuse") && (await populated(env.MIGRATION_DATABASE_URL!, sizes))) {
      console.log(`== Bench database ${dbName}: reused (it has ${sizes.posts.toLocaleString("en-US")} posts)`);
    } else {
      console.log(`== Bench database ${dbName}: recreate, migrate, generate ${sizes.orgs} orgs, ${sizes.posts.toLocaleString("en-US")} posts, ${sizes.findings.toLocaleString("en-US")} findings`);
      await migratedDatabase(ROOT, dbName, env);
      const owner = new pg.Client({ connectionString: env.MIGRATION_DATABASE_URL });
      await owner.connect();
      try {
        await generateScale(owner, sizes, new Date(), await bcrypt.hash(PASSWORD, 12), (line) => console.log(`   ${line}`));
      } finally {
        await owner.end();
      }
    }
    await flushRedis(env.REDIS_URL!);

    const rows: BenchRow[] = [];
    const owner = new pg.Client({ connectionString: env.MIGRATION_DATABASE_URL });
    await owner.connect();
    try {
      const plans = await explainPages(owner, orgSlug(1), BENCH_OFFICER, path.join(resultsDir, "pages-plans.txt"));
      console.log(`\n== EXPLAIN (ANALYZE, BUFFERS) of the pages' queries (whole plans in ${path.relative(ROOT, path.join(resultsDir, "pages-plans.txt"))})\n${planTable(plans)}\n`);
      for (const p of plans) rows.push(measured(`query: ${p.name}`, p.ms, "ms"));
      const { rows: [shape] } = await owner.query<{ posts: number; queue: number }>(`SELECT
          (SELECT count(*)::int FROM "Post" p JOIN "Organization" o ON o.id = p."orgId" WHERE o.slug = $1) AS posts,
          (SELECT count(*)::int FROM "Post" p JOIN "Membership" m ON m."orgId" = p."orgId" JOIN "User" u ON u.id = m."userId" WHERE u.email = $2 AND p.state = 'IN_REVIEW') AS queue`, [orgSlug(1), BENCH_OFFICER]);
      notes.push(`data: ${sizes.orgs} orgs, ${sizes.posts.toLocaleString("en-US")} posts, ${sizes.findings.toLocaleString("en-US")} findings; the measured client has ${shape!.posts.toLocaleString("en-US")} posts; the officer's queue across ${sizes.orgsPerUser} orgs holds ${shape!.queue} posts`);
    } finally {
      await owner.end();
    }
    if (explainOnly) {
      writeReport(args, { bench: "pages", rows: [...rows, notMeasured("pages under load", "not run: --explain-only")], notes });
      return true;
    }

    const webApp = startWeb(kind, procs, env, port);
    await waitFor("the web app answering /healthz", 120_000, async () => (await fetch(`${base}/healthz`)).ok, 250, procs);
    const users = kind === "next"
      ? { consultant: await sessions(base, BENCH_CONSULTANT, connections), officer: await sessions(base, BENCH_OFFICER, connections) }
      : { consultant: [{ "x-bench-user": BENCH_CONSULTANT }], officer: [{ "x-bench-user": BENCH_OFFICER }] };
    const targets: PageTarget[] = [
      { name: "agency overview (/overview)", path: "/overview", users: users.consultant },
      { name: "review queue (/review)", path: "/review", users: users.officer },
      { name: "client post list (/orgs/…/posts)", path: `/orgs/${orgSlug(1)}/posts`, users: users.consultant },
    ];
    // One page under load: a warm-up, then the measured run with the CPU the web server and the bench
    // database's backends (the web's pool, listed again after the load) spent on it.
    const measure = async (target: PageTarget): Promise<PageResult> => {
      console.log(`== ${target.name}: warm-up, then ${connections} users for ${seconds} s`);
      await runLoad(base, target, { connections: Math.min(connections, 5), seconds: Math.max(1, Math.round(seconds / 6)) });
      const groups = async () => ({ web: { roots: [webApp.process.pid!] }, db: { pids: await backendPids(env.MIGRATION_DATABASE_URL!, dbName) } });
      const before = cpuSnapshot(await groups());
      const result = await runLoad(base, target, { connections, seconds });
      const after = cpuSnapshot(await groups());
      if (before && after && result.requests > 0) {
        const used = cpuSeconds(before, after);
        result.cpuMsPerPage = (1000 * used.web!) / result.requests;
        result.dbCpuMsPerPage = (1000 * used.db!) / result.requests;
      }
      return result;
    };
    const results: PageResult[] = [];
    for (const target of targets) {
      const status = await probe(base, target);
      if (status === 404) {
        console.log(`== ${target.name}: answered 404, the page is missing from this build`);
        results.push({ name: target.name, path: target.path, requests: 0, errors: 0, statuses: {}, p50: NaN, p95: NaN, p99: NaN, max: NaN, perSecond: 0, missing: `page missing: ${target.path} answered 404 on this build` });
        continue;
      }
      results.push(await measure(target));
    }
    // The reference: a page of the same build that reads nothing (no session, no database), under the same
    // closed loop: what every page costs before doing its own work (the stand-in has no such page).
    const reference = kind === "next" ? await measure({ name: "sign-in page, no session or database read (/signin)", path: "/signin", users: [{}] }) : null;
    // Then the same pages under people who read what they asked for: reported, not judged (think-time.ts).
    const think: ThinkOptions = { users: connections, seconds, thinkMs: [numberOption(args, "think-min-ms", 1_000), numberOption(args, "think-max-ms", 3_000)] };
    const thinking: ThinkResult[] = [];
    for (const target of targets.filter((t) => !results.find((r) => r.path === t.path)?.missing)) {
      console.log(`== ${target.name}: ${think.users} users with ${think.thinkMs[0]}–${think.thinkMs[1]} ms think time for ${seconds} s`);
      thinking.push(await runUsersWithThinkTime(base, target, think));
    }
    const loadAfter = loadAverage();
    console.log(`\n${pageTable(reference ? [...results, reference] : results)}\n`);
    for (const t of thinking) console.log(`${t.name} with think time: ${t.requests} requests, ${t.errors} errors, p50 ${t.p50.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms, ${t.perSecond.toFixed(1)} pages/s`);
    for (const r of results) rows.push(...pageRows(r));
    if (reference) rows.push(...referenceRows(reference), ...floorRows(results, connections, describeMachine().cores));
    for (const t of thinking) rows.push(...thinkRows(t, think));
    if (kind === "stand-in") rows.push(notMeasured("web layer (next start)", "not run: smoke mode uses a stand-in (no next build)"));
    notes.push(`${connections} concurrent users per page (closed loop, each with its own session), ${seconds} s each after a warm-up; ${webApp.note}`);
    if (reference) notes.push(`least mean time: ${connections} users × (web + PostgreSQL CPU per page) ÷ ${describeMachine().cores} cores (Little's law); a closed loop cannot answer faster on average on this machine, whatever the page does while it waits`);
    notes.push(`then ${think.users} users per page, each reading ${think.thinkMs[0] / 1000}–${think.thinkMs[1] / 1000} s between pages, ${seconds} s each: reported, not judged (the judged figure is the closed loop's)`);
    notes.push(`load average (1/5/15 min) ${loadBefore.join(" / ")} before, ${loadAfter.join(" / ")} after`);
    writeReport(args, { bench: "pages", rows, notes });
    for (const n of notes) console.log(`- ${n}`);
    return results.every((r) => !r.missing && r.errors === 0 && r.p95 <= 150);
  } finally {
    await procs.stopAll();
  }
}

runPagesBench(parseBenchArgs(process.argv.slice(2).filter((a) => a !== "--reuse" && a !== "--explain-only"))).then(
  (met) => {
    if (!met && !process.argv.includes("--smoke")) process.exitCode = 1;
  },
  (error: unknown) => {
    console.error("bench failed:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
