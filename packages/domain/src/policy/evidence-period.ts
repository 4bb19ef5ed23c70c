import { z } from "zod";

// The period of an evidence pack: whole days, from and to both included, as the officer picks them.

/** HIPAA keeps documentation six years (164.530(j)(2)); a pack may span up to seven. */
export const EVIDENCE_MAX_DAYS = 7 * 366;
const DAY_MS = 86_400_000;

const isoDay = (field: string) =>
  z.string({ message: `Give the ${field} date` }).trim().regex(/^\d{4}-\d{2}-\d{2}$/, { message: `The ${field} date must be a date like 2026-01-31`, abort: true })
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), `The ${field} date is not a real date`);

export const evidencePeriodSchema = z
  .object({ from: isoDay("start"), to: isoDay("end") })
  .refine((p) => p.to >= p.from, { message: "The end date must be on or after the start date", path: ["to"] })
  .refine((p) => (Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / DAY_MS < EVIDENCE_MAX_DAYS, { message: "The period may span at most seven years", path: ["to"] });

/** The period as instants: from the start of `from` to the end of `to` (exclusive bound), in UTC. */
export function periodBounds(p: { from: string; to: string }): { from: Date; to: Date } {
  return { from: new Date(`${p.from}T00:00:00Z`), to: new Date(Date.parse(`${p.to}T00:00:00Z`) + DAY_MS) };
}

/**
 * The approved versions in force at some instant of [from, to): each from its effective date until the
 * next one (by effective date, then number) takes effect, as effectivePolicyVersion decides.
 */
export function versionsInForce<V extends { effectiveAt: Date | null; number: number }>(approved: readonly V[], from: Date, to: Date): V[] {
  const ordered = approved.filter((v) => v.effectiveAt).sort((a, b) => a.effectiveAt!.getTime() - b.effectiveAt!.getTime() || a.number - b.number);
  return ordered.filter((v, i) => {
    const next = ordered[i + 1];
    const until = next ? next.effectiveAt!.getTime() : Infinity;
    return v.effectiveAt!.getTime() < to.getTime() && until > from.getTime();
  });
}
