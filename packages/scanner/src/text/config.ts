// Per-org allow and deny lists, applied after the recognizers.
import type { OrgScanConfig } from "../types.js";
import { makeCandidate, type Candidate, type ScanContext } from "./candidate.js";

const normalize = (value: string): string => value.toLowerCase().replace(/[^\p{L}\p{N}@.]+/gu, " ").trim();
const digitsOf = (value: string): string => value.replace(/\D/g, "");

/** Drops findings that the org says are its own (staff names, phones, addresses, custom terms). */
export function applyAllowLists(findings: Candidate[], config: OrgScanConfig | undefined): Candidate[] {
  if (!config) return findings;
  const allowedNameParts = new Set<string>();
  for (const name of config.allowNames ?? []) for (const part of normalize(name).split(" ")) if (part.length > 1) allowedNameParts.add(part);
  const allowedTerms = (config.allowTerms ?? []).map(normalize).filter(Boolean);
  const allowedDigits = (config.allowTerms ?? []).map(digitsOf).filter((d) => d.length >= 7);
  return findings.filter((finding) => {
    if (config.isAllowed?.({ type: finding.type, text: finding.text })) return false;
    const value = normalize(finding.text);
    if (finding.type === "NAME" && value.split(" ").every((part) => allowedNameParts.has(part.replace(/^@/, "")))) return false;
    if (allowedTerms.some((term) => term === value || (term.length > 3 && value.includes(term)))) return false;
    if ((finding.type === "CONTACT" || finding.type === "ID") && allowedDigits.includes(digitsOf(finding.text))) return false;
    return true;
  });
}

/** Adds a finding for every occurrence of a deny-listed string (case-insensitive). */
export function applyDenyList(context: ScanContext, config: OrgScanConfig | undefined): Candidate[] {
  const found: Candidate[] = [];
  for (const term of config?.denyTerms ?? []) {
    const needle = term.text.toLowerCase();
    if (needle.length < 2) continue;
    for (let from = context.lower.indexOf(needle); from >= 0; from = context.lower.indexOf(needle, from + needle.length)) {
      found.push(makeCandidate(context, term.type, from, from + needle.length, {
        score: 1, recognizer: "config.deny", explanation: "a term on the organization's deny list", personal: true,
        subtype: term.type === "NAME" ? "full" : "deny", ...(term.type === "NAME" ? { role: "patient" as const } : {}),
      }));
    }
  }
  return found;
}
