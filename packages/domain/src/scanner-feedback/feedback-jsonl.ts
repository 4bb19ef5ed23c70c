import type { Channel as EvalChannel, PhiType, TextKind, Verdict } from "@vetted/scanner";
import { z } from "zod";
import { channelOfSource, FEEDBACK_TYPES, isPhiType } from "./feedback-text";

// One labelled text as a record of the eval corpus (/work/shared/eval/SCHEMA.md): id, kind, channel,
// text, phi spans, verdict, why. Pure, so the unit test checks the exact lines the export writes.

const EVAL_CHANNELS = ["facebook", "instagram", "x", "linkedin", "tiktok", "private_group"] as const satisfies readonly EvalChannel[];

/** The record shape SCHEMA.md defines; spans must slice to non-empty text. */
export const evalRecordSchema = z
  .object({
    id: z.string().min(1),
    kind: z.enum(["post", "comment", "group_post", "reply"]),
    channel: z.enum(EVAL_CHANNELS).optional(),
    text: z.string(),
    phi: z.array(z.object({ start: z.number().int().min(0), end: z.number().int(), type: z.enum(FEEDBACK_TYPES) }).strict()),
    verdict: z.enum(["block", "review", "allow"]),
    why: z.string(),
  })
  .strict()
  .refine((r) => r.phi.every((s) => s.end > s.start && s.end <= r.text.length && r.text.slice(s.start, s.end).trim().length > 0), { message: "A span is outside its text", path: ["phi"] });

export type EvalSpan = { start: number; end: number; type: PhiType };
export type EvalRecord = { id: string; kind: TextKind; channel?: EvalChannel; text: string; phi: EvalSpan[]; verdict: Verdict; why: string };

export interface LabelledText {
  /** Not PHI: the revision id, with the channel for a variant. */
  id: string;
  text: string;
  /** "TEXT" or "TEXT:<CHANNEL>". */
  source: string;
  /** The post's channels (Channel enum values) and those of them that have a variant text. */
  postChannels: string[];
  variantChannels: string[];
  /** The scanner's findings on this text. */
  findings: { id: string; start: number; end: number; type: string }[];
  /** The standing (not withdrawn) officer labels on this text. */
  labels: { kind: "NOT_PHI" | "MISSED_PHI"; findingId: string | null; start: number; end: number; type: string }[];
}

const DIRECT: ReadonlySet<string> = new Set(["ID", "CONTACT"]);
const IDENTIFYING: ReadonlySet<string> = new Set(["NAME", "DATE", "AGE", "LOCATION", "PHOTO_REF"]);

/**
 * SCHEMA.md's verdict, read from the spans alone: no span → allow; a direct identifier (ID, CONTACT)
 * → block; a health detail tied to someone identifying (HEALTH with NAME, DATE, AGE, LOCATION or
 * PHOTO_REF), or two kinds of identifying detail together → block; anything else (a first name alone,
 * a health detail about nobody named) → review. Not the post's approval: an approved post may carry
 * real PHI under a signed authorization, which the corpus still labels block or review.
 */
export function deriveVerdict(phi: readonly { type: string }[]): Verdict {
  if (phi.length === 0) return "allow";
  const types = new Set(phi.map((s) => s.type));
  if ([...types].some((t) => DIRECT.has(t))) return "block";
  const identifying = [...types].filter((t) => IDENTIFYING.has(t)).length;
  if ((types.has("HEALTH") && identifying > 0) || identifying >= 2) return "block";
  return "review";
}

const within = (text: string) => (s: { start: number; end: number }) => s.start >= 0 && s.end > s.start && s.end <= text.length;
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/**
 * The spans: the scanner's findings the officers did not mark NOT_PHI, plus their MISSED_PHI spans.
 * A missed span overlapping a kept finding of its own type replaces it (the officer redrew the
 * boundary: "Jo" found, "Jo Ann Kimura" labelled).
 */
export function toEvalRecord(t: LabelledText): EvalRecord {
  const notPhi = new Set(t.labels.filter((l) => l.kind === "NOT_PHI").map((l) => l.findingId));
  const missed = t.labels.filter((l) => l.kind === "MISSED_PHI" && isPhiType(l.type)).filter(within(t.text));
  const kept = t.findings
    .filter((f) => !notPhi.has(f.id) && isPhiType(f.type))
    .filter(within(t.text))
    .filter((f) => !missed.some((m) => m.type === f.type && overlaps(m, f)));
  const unique = new Map<string, EvalSpan>();
  for (const s of [...kept, ...missed]) unique.set(`${s.start}:${s.end}:${s.type}`, { start: s.start, end: s.end, type: s.type as PhiType });
  const phi = [...unique.values()].sort((a, b) => a.start - b.start || a.end - b.end || a.type.localeCompare(b.type));
  const channel = evalChannel(t);
  const notPhiCount = t.findings.filter((f) => notPhi.has(f.id)).length;
  return {
    id: t.id,
    kind: channel === "private_group" ? "group_post" : "post",
    ...(channel ? { channel } : {}),
    text: t.text,
    phi,
    verdict: deriveVerdict(phi),
    why: `Compliance officer feedback: ${kept.length} scanner finding(s) kept, ${notPhiCount} marked not PHI, ${missed.length} missed span(s) added; verdict derived from the span types.`,
  };
}

/** A variant's own channel; for the main text, the first of the post's channels that shows it. */
function evalChannel(t: LabelledText): EvalChannel | undefined {
  const channel = channelOfSource(t.source) ?? t.postChannels.find((c) => !t.variantChannels.includes(c)) ?? t.postChannels[0];
  const lower = channel?.toLowerCase();
  return EVAL_CHANNELS.find((c) => c === lower);
}

/** JSONL: one record per line, each line ending in "\n". */
export const toJsonl = (records: readonly EvalRecord[]) => records.map((r) => `${JSON.stringify(r)}\n`).join("");
