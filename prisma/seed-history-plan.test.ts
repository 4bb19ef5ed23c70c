import { describe, expect, it } from "vitest";
import { planHistory } from "./seed-history-plan";

const NOW = new Date("2026-12-06T12:00:00Z");
const DAY = 86_400_000;

describe("planHistory", () => {
  it("is the same plan for the same seed, and another for another seed", () => {
    expect(planHistory(7, "DENTAL", 90, 2, NOW)).toEqual(planHistory(7, "DENTAL", 90, 2, NOW));
    expect(planHistory(8, "DENTAL", 90, 2, NOW).map((p) => p.title)).not.toEqual(planHistory(7, "DENTAL", 90, 2, NOW).map((p) => p.title));
  });

  it("lays each post's steps out in order, over the last six months, with its state's times", () => {
    const plan = planHistory(16, "HOSPITAL", 300, 2, NOW);
    for (const p of plan) {
      const steps = p.revisions.flatMap((r) => [r.createdAt, r.scan?.submittedAt, r.scan?.scannedAt, r.decision?.at].filter((d): d is Date => !!d)).map((d) => d.getTime());
      expect(steps, p.title).toEqual([...steps].sort((x, y) => x - y));
      expect(steps.every((t) => t < NOW.getTime())).toBe(true);
      expect(p.createdAt.getTime()).toBeGreaterThan(NOW.getTime() - 200 * DAY);
      if (p.state === "SCHEDULED") expect(p.scheduledAt!.getTime()).toBeGreaterThan(NOW.getTime());
      if (p.state === "PUBLISHED") expect(p.publishedAt!.getTime()).toBeLessThan(NOW.getTime());
      if (p.state === "PUBLISHED" || p.state === "EXPIRED") expect(p.scheduledAt!.getTime()).toBeGreaterThanOrEqual(steps.at(-1)!);
      if (p.state === "DRAFT") expect(p.revisions.map((r) => r.scan)).toEqual([null]);
      expect(p.revisions.length).toBeLessThanOrEqual(3);
      expect(p.revisions.every((r) => r.text.length < 250)).toBe(true);
    }
    const share = (s: string) => plan.filter((p) => p.state === s).length / plan.length;
    expect(share("PUBLISHED")).toBeGreaterThan(0.35);
    expect(share("IN_REVIEW")).toBeGreaterThan(0.04);
    expect(plan.filter((p) => p.phi).length).toBeGreaterThan(30);
    expect(plan.filter((p) => p.revisions.some((r) => r.decision?.override)).length).toBeGreaterThan(0);
  });
});
