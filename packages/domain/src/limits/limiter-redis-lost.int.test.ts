import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { limiterConnectionOptions } from "@vetted/queue";
import { Redis } from "ioredis";
import { afterAll, expect, it, vi } from "vitest";
import { AbuseLimiter } from "./abuse-limiter";
import { LIMITS } from "./limit-table";
import { countsInRedis } from "./limiter-connection";

// A Redis lost after it was up: the limiters count in memory at once instead of each command waiting
// for a reconnect attempt to fail (npm run chaos measured 12 s a submit with Redis down). A private
// redis-server on a port of its own, so the shared one is never stopped.

const freePort = () => new Promise<number>((resolve) => {
  const server = createServer().listen(0, "127.0.0.1", () => {
    const { port } = server.address() as { port: number };
    server.close(() => resolve(port));
  });
});

let server: ChildProcess | undefined;
const startServer = async (port: number) => {
  server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const probe = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => undefined);
  for (let i = 0; i < 100; i++) {
    if (await probe.connect().then(() => true, () => false)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  probe.disconnect();
};
const stopServer = () => new Promise<void>((resolve) => {
  if (!server || server.exitCode !== null) return resolve();
  server.once("exit", () => resolve());
  server.kill("SIGKILL");
});
const until = async (what: () => boolean) => {
  for (let i = 0; i < 200 && !what(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(what()).toBe(true);
};

afterAll(stopServer);

it("counts in Redis while it is up, in memory at once when it is lost, and in Redis again when it is back", async () => {
  const port = await freePort();
  await startServer(port);
  const redis = new Redis(limiterConnectionOptions(`redis://127.0.0.1:${port}`, "limits-test"));
  redis.on("error", () => undefined);
  const limiter = new AbuseLimiter(redis, LIMITS, `vetted:test-lost:${port}`);
  const check = { limit: "uploads.user" as const, subject: "user-1" };
  try {
    // Before the first connection is made, a limiter waits for it rather than counting in memory.
    expect(countsInRedis(redis)).toBe(true);
    expect(await limiter.consume([check])).toBeNull();
    expect(await redis.keys(`vetted:test-lost:${port}:*`)).toHaveLength(1);

    await stopServer();
    await until(() => redis.status !== "ready");
    expect(countsInRedis(redis)).toBe(false);
    // Counted without a command to the lost connection (which would wait for a reconnect to fail).
    const sent = vi.spyOn(redis, "sendCommand");
    expect(await limiter.consume([check])).toBeNull();
    expect(sent).not.toHaveBeenCalled();
    sent.mockRestore();

    await startServer(port);
    await until(() => redis.status === "ready");
    expect(countsInRedis(redis)).toBe(true);
    expect(await limiter.consume([check])).toBeNull();
    expect(await redis.keys(`vetted:test-lost:${port}:*`)).toHaveLength(1);
  } finally {
    redis.disconnect();
  }
});
