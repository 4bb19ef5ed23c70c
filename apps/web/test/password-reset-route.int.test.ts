import { randomInt } from "node:crypto";
import { createUser, uniq } from "@vetted/db/testing";
import { closeLimiters, LIMITS } from "@vetted/domain";
import { testPasswordHash } from "@vetted/domain/testing";
import { afterAll, describe, expect, it, vi } from "vitest";
import { callRoute } from "./route-harness";

// The route reads the caller's address through currentRequestMeta: one fresh address per test run,
// so the per-IP budget kept in Redis across runs does not carry over.
const ip = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip, userAgent: "password-reset-route" }) }));

afterAll(() => closeLimiters());

const ROUTE = "api/password-reset/route.ts";
const post = (body: unknown) => callRoute(ROUTE, "POST", {}, { body: JSON.stringify(body) });

describe("POST /api/password-reset", () => {
  it("answers a known and an unknown address alike, then 429 with Retry-After over the address's budget", async () => {
    const user = await createUser({ passwordHash: await testPasswordHash(), email: `${uniq("route-reset")}@test.vetted.local` });
    const unknown = `${uniq("nobody")}@test.vetted.local`;
    const known = await post({ email: user.email });
    const other = await post({ email: unknown });
    expect([known.status, other.status]).toEqual([202, 202]);
    expect(await known.json()).toEqual(await other.json());

    for (let i = 1; i < LIMITS["password_reset.email"].points; i++) expect((await post({ email: user.email })).status).toBe(202);
    const limited = await post({ email: user.email });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
  });

  it("names the field of a malformed address (400, not 500)", async () => {
    const res = await post({ email: "not an address" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields?: Record<string, string[]> } }).error.fields?.email).toBeDefined();
  });
});
