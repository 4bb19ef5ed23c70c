import type { Server } from "node:http";
import { afterAll, describe, expect, it, vi } from "vitest";

// This file's process points DATABASE_URL at a port that refuses connections, before anything reads
// the environment: the worker's pool is then the one readiness probes, as in production.
vi.hoisted(() => {
  process.env.DATABASE_URL = "postgresql://vetted_app@127.0.0.1:1/vetted_test_unreachable";
});

const { workerEnv } = await import("@vetted/config");
const { createWorkerRedis } = await import("@vetted/queue");
const { disconnectDb } = await import("@vetted/db");
const { startHealthServer, workerReadiness } = await import("./health-server.js");

const redis = createWorkerRedis(workerEnv().REDIS_URL);
let server: Server | undefined;

afterAll(async () => {
  if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  redis.disconnect();
  await disconnectDb();
});

describe("worker health server with PostgreSQL unreachable", () => {
  it("stays live and answers /readyz 503 with db down, redis ok, nothing else", async () => {
    server = await startHealthServer(0, workerReadiness(redis));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toBe(JSON.stringify({ ok: false, checks: { db: "down", redis: "ok" } }));
  });
});
