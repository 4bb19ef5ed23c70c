import { closeReadinessRedis, databaseProbe } from "@vetted/domain/ops";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callRoute } from "./route-harness";

// The web's probes, called in-process as Next would, against the real PostgreSQL and Redis. Nobody is
// signed in: probes come from load balancers and orchestrators, without a session.

// The pool's first connection and Prisma's first compile of the query, paid before the probe is timed
// (a running web process has paid them long before): on a loaded machine they alone can exceed 1 s.
beforeAll(async () => {
  await databaseProbe()(new AbortController().signal);
});
afterAll(() => closeReadinessRedis());

describe("GET /healthz (liveness)", () => {
  it("answers 200 {ok:true}, not cached, with no session", async () => {
    const response = await callRoute("healthz/route.ts", "GET", {});
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ ok: true });
  });
});

describe("GET /readyz (readiness)", () => {
  it("answers 200 with each dependency ok, not cached, with no session", async () => {
    const response = await callRoute("readyz/route.ts", "GET", {});
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ ok: true, checks: { db: "ok", redis: "ok" } });
  });
});
