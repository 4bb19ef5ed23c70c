import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { runUsersWithThinkTime, thinkRows, thinkTimes } from "./think-time";

describe("bench:pages with think time", () => {
  it("draws think times within the bounds, the same for the same seed", () => {
    const a = Array.from({ length: 200 }, thinkTimes(7, [1_000, 3_000]));
    expect(Math.min(...a)).toBeGreaterThanOrEqual(1_000);
    expect(Math.max(...a)).toBeLessThanOrEqual(3_000);
    expect(Array.from({ length: 200 }, thinkTimes(7, [1_000, 3_000]))).toEqual(a);
    expect(Array.from({ length: 200 }, thinkTimes(8, [1_000, 3_000]))).not.toEqual(a);
  });

  it("has each user wait between pages, counts non-2xx answers as errors, and reports rows that are never judged", async () => {
    let served = 0;
    const server = createServer((req, res) => {
      served++;
      res.statusCode = req.headers["x-user"] === "u1" ? 302 : 200;
      res.end("page");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const target = { name: "test page", path: "/", users: [{ "x-user": "u0" }, { "x-user": "u1" }] };
      const result = await runUsersWithThinkTime(base, target, { users: 2, seconds: 0.5, thinkMs: [100, 150] });
      // 0.5 s with at least 100 ms between a user's pages: at most a handful each (a closed loop makes
      // hundreds), and every user asked at least once.
      expect(result.requests).toBe(served);
      expect(result.requests).toBeGreaterThanOrEqual(2);
      expect(result.requests).toBeLessThanOrEqual(12);
      expect(result.errors).toBeGreaterThanOrEqual(1);
      expect(result.errors).toBeLessThan(result.requests);
      const rows = thinkRows(result, { users: 2, thinkMs: [100, 150] });
      expect(rows.map((r) => r.measure)).toEqual(["test page, 2 users thinking 0.1–0.15 s: p50", "test page, 2 users thinking 0.1–0.15 s: p95", "test page, 2 users thinking 0.1–0.15 s: errors", "test page, 2 users thinking 0.1–0.15 s: pages/s"]);
      expect(rows.every((r) => r.met === null)).toBe(true);
    } finally {
      server.close();
    }
  });
});
