import { createServer, type Server, type Socket } from "node:net";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { baseEnv } from "@vetted/config";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkReadiness } from "./check-readiness";
import { checkWebReadiness, closeReadinessRedis, databaseProbe, readinessRedis, redisProbe } from "./readiness-probes";

// The pool's first connection and Prisma's first compile of the query, paid before probes are timed
// (a running process has paid them long before): on a loaded machine they alone can exceed 1 s.
beforeAll(async () => {
  await databaseProbe()(new AbortController().signal);
});
afterAll(() => closeReadinessRedis());

/** Connections named vetted-readiness that the test Redis sees right now. */
async function readinessConnections(): Promise<number> {
  const admin = new Redis(baseEnv().REDIS_URL);
  try {
    const list = (await admin.client("LIST")) as string;
    return list.split("\n").filter((line) => line.includes("name=vetted-readiness")).length;
  } finally {
    admin.disconnect();
  }
}

describe("readiness against the real PostgreSQL and Redis", () => {
  it("is ok, and keeps one readiness connection per process however often it is asked", async () => {
    const before = await readinessConnections();
    for (let i = 0; i < 5; i++) expect(await checkWebReadiness()).toEqual({ ok: true, checks: { db: "ok", redis: "ok" } });
    expect(readinessRedis()).toBe(readinessRedis());
    expect(await readinessConnections()).toBe(before + 1);
  });

  it("a Redis that accepts the connection but never answers is down after the timeout, the database still ok", async () => {
    // A TCP server that says nothing: the client connects, then waits for a reply that never comes.
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    const mute = new Redis({ host: "127.0.0.1", port, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    mute.on("error", () => undefined);
    try {
      const started = Date.now();
      expect(await checkReadiness({ db: databaseProbe(), redis: redisProbe(mute) }, 500)).toEqual({ ok: false, checks: { db: "ok", redis: "down" } });
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      mute.disconnect();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("a refused Redis connection is down at once, not after the timeout", async () => {
    const refused = new Redis({ host: "127.0.0.1", port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: () => null });
    refused.on("error", () => undefined);
    const started = Date.now();
    expect(await checkReadiness({ db: databaseProbe(), redis: redisProbe(refused) }, 5_000)).toEqual({ ok: false, checks: { db: "ok", redis: "down" } });
    expect(Date.now() - started).toBeLessThan(2_000);
    refused.disconnect();
  });

  it("importing the module opens nothing: a script that imports it exits on its own", async () => {
    const root = fileURLToPath(new URL("../../../../", import.meta.url));
    const script = "await import('./packages/domain/src/ops/index.ts'); await import('./packages/domain/src/index.ts'); console.log('imported');";
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve(null);
      }, 30_000);
      child.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(out).toContain("imported");
    expect(code).toBe(0);
  });
});
