import { afterAll, describe, expect, it, vi } from "vitest";

// This file's process points the web at a PostgreSQL and a Redis that refuse connections, before
// anything reads the environment, and calls the probes as Next would.
vi.hoisted(() => {
  process.env.DATABASE_URL = "postgresql://vetted_app@127.0.0.1:1/vetted_test_unreachable";
  process.env.REDIS_URL = "redis://127.0.0.1:1/11";
});

const { callRoute } = await import("./route-harness");
const { closeReadinessRedis } = await import("@vetted/domain/ops");
const { disconnectDb } = await import("@vetted/db");

afterAll(async () => {
  closeReadinessRedis();
  await disconnectDb();
});

describe("web probes with PostgreSQL and Redis unreachable", () => {
  it("/readyz answers 503 naming each dependency down, with nothing else in the body, within the limit", async () => {
    const started = Date.now();
    const response = await callRoute("readyz/route.ts", "GET", {});
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(response.status).toBe(503);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toBe(JSON.stringify({ ok: false, checks: { db: "down", redis: "down" } }));
  });

  it("/healthz still answers 200: the process is alive, only its dependencies are not", async () => {
    const response = await callRoute("healthz/route.ts", "GET", {});
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});
