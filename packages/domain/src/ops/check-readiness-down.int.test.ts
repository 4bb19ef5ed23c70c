import { afterAll, describe, expect, it, vi } from "vitest";

// Before anything reads the environment: this file's process points at a PostgreSQL and a Redis that
// refuse connections, and the readiness check must say so without waiting or leaking why.
vi.hoisted(() => {
  process.env.DATABASE_URL = "postgresql://vetted_app@127.0.0.1:1/vetted_test_unreachable";
  process.env.REDIS_URL = "redis://127.0.0.1:1/11";
});

const { checkWebReadiness, closeReadinessRedis } = await import("./readiness-probes");
const { disconnectDb } = await import("@vetted/db");

afterAll(async () => {
  closeReadinessRedis();
  await disconnectDb();
});

describe("readiness with unreachable dependencies", () => {
  it("reports both down within the probes' limit, with states only", async () => {
    const started = Date.now();
    const result = await checkWebReadiness();
    expect(result).toEqual({ ok: false, checks: { db: "down", redis: "down" } });
    expect(Date.now() - started).toBeLessThan(2_000);
    // A second probe reuses the same client and is just as quick.
    expect(await checkWebReadiness()).toEqual({ ok: false, checks: { db: "down", redis: "down" } });
  });
});
