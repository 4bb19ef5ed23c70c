import type { Server } from "node:http";
import { workerEnv } from "@vetted/config";
import { createWorkerRedis, type Redis } from "@vetted/queue";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { databaseProbe } from "@vetted/domain/ops";
import { startHealthServer, workerReadiness } from "./health-server.js";

// The worker's probes against the real PostgreSQL and Redis, and against a Redis that refuses
// connections (the database-down case is health-server-down.int.test.ts: its own process env).

const servers: Server[] = [];

// The pool's first connection and Prisma's first compile of the query are paid here, as the worker
// pays them at start-up (warmUpScanPipeline): on a loaded machine they alone can exceed the 1 s limit.
beforeAll(async () => {
  await databaseProbe()(new AbortController().signal);
});
const clients: Redis[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  for (const c of clients.splice(0)) c.disconnect();
});

async function serve(redisUrl: string): Promise<string> {
  const redis = createWorkerRedis(redisUrl);
  redis.on("error", () => undefined);
  clients.push(redis);
  const server = await startHealthServer(0, workerReadiness(redis));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe("worker health server", () => {
  it("is live and ready with PostgreSQL and Redis up", async () => {
    const base = await serve(workerEnv().REDIS_URL);
    const live = await fetch(`${base}/healthz`);
    expect([live.status, await live.json(), live.headers.get("cache-control")]).toEqual([200, { ok: true }, "no-store"]);
    const ready = await fetch(`${base}/readyz`);
    expect([ready.status, await ready.json(), ready.headers.get("cache-control")]).toEqual([200, { ok: true, checks: { db: "ok", redis: "ok" } }, "no-store"]);
    expect((await fetch(`${base}/readyz`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
  });

  it("with Redis unreachable: still live, not ready (503 naming redis down), answered within the limit", async () => {
    const base = await serve("redis://127.0.0.1:1/11");
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const started = Date.now();
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ok: false, checks: { db: "ok", redis: "down" } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
