import { createHash } from "node:crypto";
import { canonicalJson } from "../audit/hash";
import type { ManualSection } from "./manual-sections";

// What an approved version's SHA-256 covers: its number, its effective instant and its sections, as
// canonical JSON (audit/hash.ts: object keys sorted, no whitespace, an absent source written as null, the instant as
// ISO 8601 UTC with milliseconds). Anyone holding the PDF or an export can recompute it; the same hash
// is written on the version row and in the audit trail when the version is approved.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function policyContent(v: { number: number; effectiveAt: Date; sections: ManualSection[] }): Json {
  return {
    number: v.number,
    effectiveAt: v.effectiveAt.toISOString(),
    sections: v.sections.map((s) => ({ key: s.key, title: s.title, body: s.body, generated: s.generated, source: s.source ?? null })),
  };
}

export function policyContentSha256(v: { number: number; effectiveAt: Date; sections: ManualSection[] }): string {
  return createHash("sha256").update(canonicalJson(policyContent(v)), "utf8").digest("hex");
}
