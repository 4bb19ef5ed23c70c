// Child processes, ports and the throwaway database of the benches and `npm run chaos` (the same
// steps as the integration-test set-up: a fresh database, migrated as its owner, seeded as the app).
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";

/** The repository's tsx, started without npx's look-up each time. */
export const tsxBin = (root: string) => path.join(root, "node_modules/.bin/tsx");

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface StartOptions {
  /** Appends the child's stdout and stderr to this file instead of dropping stdout and passing stderr through. */
  logFile?: string;
}

export class Processes {
  private readonly children: ChildProcess[] = [];
  private stopping = false;
  private died: string | undefined;

  /**
   * Started in its own process group, so stopping it takes `npx` and what it started. Without a log
   * file its stderr passes through and the tail of its stdout (the app's log lines) is kept, for
   * check() to show when it dies before stopAll().
   */
  start(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, opts: StartOptions = {}): ChildProcess {
    const log = opts.logFile ? openSync(opts.logFile, "a") : null;
    const stdio: ("ignore" | "inherit" | "pipe" | number)[] = log === null ? ["ignore", "pipe", "inherit"] : ["ignore", log, log];
    const child = spawn(cmd, args, { cwd, env, stdio, detached: true });
    if (log !== null) closeSync(log); // the child holds its own copy
    let tail = "";
    child.stdout?.on("data", (d: Buffer) => void (tail = (tail + d.toString("utf8")).slice(-2000)));
    child.once("exit", (code, signal) => {
      if (!this.stopping) this.died ??= `${path.basename(cmd)} ${args.join(" ")} exited early (${signal ?? `code ${code}`})${tail ? `; its last output:\n${tail}` : ""}`;
    });
    this.children.push(child);
    return child;
  }

  /** Throws when a process started here died before stopAll() (a worker refusing to start, say). */
  check(): void {
    if (this.died) throw new Error(this.died);
  }

  /** SIGTERM to each group (the worker drains and closes), SIGKILL after 10 s. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.children.map((c) => stopProcess(c)));
  }
}

export const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null && child.pid !== undefined;

/** Sends `signal` to the child's whole process group; false when it had already gone. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  if (!isRunning(child)) return false;
  try {
    process.kill(-child.pid!, signal);
    return true;
  } catch {
    return false;
  }
}

/** Resolves when the child has exited (at once if it already has). */
export const exited = (child: ChildProcess) => (isRunning(child) ? new Promise<void>((r) => child.once("exit", () => r())) : Promise.resolve());

/** SIGTERM to the group, SIGKILL after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (!signalGroup(child, "SIGTERM")) return;
  await Promise.race([exited(child), sleep(graceMs)]);
  if (signalGroup(child, "SIGKILL")) await exited(child);
}

/**
 * Polls until `ready` resolves true; throws naming `what` after `timeoutMs`, or at once when a process
 * of `procs` has died (so a worker that refused to start is reported, not waited for).
 */
export async function waitFor(what: string, timeoutMs: number, ready: () => Promise<boolean>, everyMs = 200, procs?: Processes): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    procs?.check();
    if (await ready().catch(() => false)) return;
    await sleep(everyMs);
  }
  throw new Error(`${what} did not happen within ${Math.round(timeoutMs / 1000)} s`);
}

/** A TCP port nothing listens on right now (the OS picks it), for a server started next. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no free port");
  return address.port;
}

// Only throwaway databases are dropped: their names say what they are for.
const THROWAWAY_DATABASE = /^[a-z0-9_]*(bench|chaos)[a-z0-9_]*$/;

/** Drops and recreates `name`, migrates it as the owner (MIGRATION_DATABASE_URL in env), seeds it. */
export async function freshDatabase(root: string, name: string, env: NodeJS.ProcessEnv): Promise<void> {
  await migratedDatabase(root, name, env);
  await seedDatabase(root, env);
}

/** freshDatabase's first half: dropped, recreated and migrated, not seeded (a bench starts its web app meanwhile). */
export async function migratedDatabase(root: string, name: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (!THROWAWAY_DATABASE.test(name)) throw new Error(`Refusing to recreate database "${name}": its name must contain "bench" or "chaos"`);
  const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  await run("bash", ["scripts/prisma.sh", "migrate", "deploy"], root, env);
}

/** The demo seed, as the app role (DATABASE_URL in env). */
export async function seedDatabase(root: string, env: NodeJS.ProcessEnv): Promise<void> {
  // Not execFileSync: the seed may ask a simulator running in this process for a Page's token.
  await run(tsxBin(root), ["prisma/seed.ts"], root, env);
}

async function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await promisify(execFile)(cmd, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`${cmd} ${args.join(" ")} failed${stderr ? `:\n${stderr.slice(-2000)}` : ""}`, { cause: error });
  }
}

/** Empties the bench's Redis database (its own db number, never the app's or the tests'); no redis-cli needed. */
export async function flushRedis(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}
