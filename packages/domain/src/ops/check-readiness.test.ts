import { describe, expect, it } from "vitest";
import { checkReadiness, type Probe } from "./check-readiness";

const answers: Probe = async () => undefined;
const fails: Probe = async () => {
  throw new Error("connect ECONNREFUSED 10.0.0.5:5432 as user vetted_app");
};
const hangs: Probe = () => new Promise(() => undefined);

describe("checkReadiness", () => {
  it("is ok when both dependencies answer", async () => {
    expect(await checkReadiness({ db: answers, redis: answers })).toEqual({ ok: true, checks: { db: "ok", redis: "ok" } });
  });

  it("names the dependency that failed, and nothing of its error", async () => {
    const result = await checkReadiness({ db: fails, redis: answers });
    expect(result).toEqual({ ok: false, checks: { db: "down", redis: "ok" } });
    expect(JSON.stringify(result)).not.toMatch(/ECONNREFUSED|vetted_app|10\.0\.0\.5/);
    expect(await checkReadiness({ db: answers, redis: fails })).toEqual({ ok: false, checks: { db: "ok", redis: "down" } });
  });

  it("counts a probe that does not answer in time as down, each under its own limit, and aborts its signal", async () => {
    let aborted = false;
    const slow: Probe = (signal) =>
      new Promise((resolve) => {
        signal.addEventListener("abort", () => (aborted = true));
        setTimeout(resolve, 5_000).unref();
      });
    const started = Date.now();
    const result = await checkReadiness({ db: hangs, redis: slow }, 200);
    const took = Date.now() - started;
    expect(result).toEqual({ ok: false, checks: { db: "down", redis: "down" } });
    expect(aborted).toBe(true);
    // Both limits run side by side: two hanging probes cost one timeout, not two.
    expect(took).toBeGreaterThanOrEqual(190);
    expect(took).toBeLessThan(390);
  });

  it("a probe that throws synchronously is down, not an exception", async () => {
    const throwsAtOnce: Probe = () => {
      throw new Error("boom");
    };
    expect(await checkReadiness({ db: answers, redis: throwsAtOnce })).toEqual({ ok: false, checks: { db: "ok", redis: "down" } });
  });
});
