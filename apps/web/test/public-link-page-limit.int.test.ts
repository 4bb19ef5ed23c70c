import { randomBytes } from "node:crypto";
import { abuseLimiter, LIMITS } from "@vetted/domain";
import { randomTestIp, spendLimit } from "@vetted/domain/testing";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "../proxy";

// The public links' pages over the miss budget (issue 15): the proxy answers 429 with Retry-After
// before the page renders. The tests play the reverse proxy (TRUSTED_PROXIES=127.0.0.1 in
// vitest.config.ts), so X-Forwarded-For names the client.

const PAGES = ["sign", "ack", "invite", "reset-password", "approve"];
const token = () => randomBytes(32).toString("base64url");
const get = (path: string, ip: string) => proxy(new NextRequest(`http://localhost:3000${path}`, { headers: { "x-forwarded-for": ip } }));

/** Spends the address's whole budget and one more miss, as a guesser would. */
async function overBudget(ip: string) {
  await spendLimit("public_link.misses", ip, LIMITS["public_link.misses"].points);
  expect(await abuseLimiter().consume([{ limit: "public_link.misses", subject: ip }])).not.toBeNull();
}

describe("public link pages over the miss budget", () => {
  it("answer 429 with Retry-After and a page that says how long to wait, for every kind of link", async () => {
    const ip = randomTestIp();
    await overBudget(ip);
    for (const page of PAGES) {
      const res = await get(`/${page}/${token()}`, ip);
      expect(res.status, page).toBe(429);
      const wait = Number(res.headers.get("retry-after"));
      expect(wait, page).toBeGreaterThan(0);
      expect(wait, page).toBeLessThanOrEqual(LIMITS["public_link.misses"].windowSeconds);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("x-request-id")).toBeTruthy();
      const html = await res.text();
      expect(html).toContain("Too many tries");
      expect(html).toMatch(/try again in \d+ seconds?/);
    }
  });

  it("let the pages render for an address under its budget, and never limit other paths or an unknown address", async () => {
    const limited = randomTestIp();
    await overBudget(limited);
    const fresh = randomTestIp();
    for (const page of PAGES) expect((await get(`/${page}/${token()}`, fresh)).status, page).toBe(200);
    // Not a link's page: a signed-in page, a link's own route (guarded where it runs), the sign-in page.
    for (const path of ["/orgs", `/sign/${token()}/copy`, "/sign-in"]) expect((await get(path, limited)).status, path).toBe(200);
    // No trusted address to count against (a client that names none): never refused here.
    expect((await proxy(new NextRequest(`http://localhost:3000/sign/${token()}`))).status).toBe(200);
  });
});
