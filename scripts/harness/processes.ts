// Child processes and the database of `npm run bench:comments` (the same steps as bench-pipeline.ts
// and the integration-test set-up: a fresh database, migrated as its owner, seeded as the app).
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Processes {
  private readonly children: ChildProcess[] = [];

  /** Started in its own process group, so stopping it takes `npx` and what it started. */
  start(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): ChildProcess {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "ignore", "inherit"], detached: true });
    this.children.push(child);
    return child;
  }

  /** SIGTERM to each group (the worker drains and closes), SIGKILL after 10 s. */
  async stopAll(): Promise<void> {
    await Promise.all(this.children.map(stop));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/** Polls until `ready` resolves true; throws naming `what` after `timeoutMs`. */
export async function waitFor(what: string, timeoutMs: number, ready: () => Promise<boolean>, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    await sleep(everyMs);
  }
  throw new Error(`${what} did not happen within ${Math.round(timeoutMs / 1000)} s`);
}

/** Drops and recreates `name`, migrates it as the owner (MIGRATION_DATABASE_URL in env), seeds it. */
export async function freshDatabase(root: string, name: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name) || !name.includes("bench")) throw new Error(`Refusing to recreate database "${name}": its name must contain "bench"`);
  const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  // Not execFileSync: the seed asks the simulator, which runs in this process, for the Page's token.
  await run("bash", ["scripts/prisma.sh", "migrate", "deploy"], root, env);
  await run("npx", ["tsx", "prisma/seed.ts"], root, env);
}

async function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await promisify(execFile)(cmd, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`${cmd} ${args.join(" ")} failed${stderr ? `:\n${stderr.slice(-2000)}` : ""}`, { cause: error });
  }
}

/** Empties the bench's Redis database (its own db number, never the app's or the tests'). */
export function flushRedis(redisUrl: string): void {
  const db = new URL(redisUrl).pathname.slice(1) || "0";
  execFileSync("redis-cli", ["-n", db, "FLUSHDB"], { stdio: "ignore" });
}
