import { PHI_TYPES, type PhiType } from "@vetted/scanner";
import { z } from "zod";
import { AppError } from "../errors";

// Which text of a revision a label is about, and checks on a span of it. Pure: no database.

/** The PHI types a label may carry: the scanner's own (and the eval corpus's) TYPE list. */
export const FEEDBACK_TYPES = PHI_TYPES;
export const isPhiType = (type: string): type is PhiType => (PHI_TYPES as readonly string[]).includes(type);

const CHANNELS = ["FACEBOOK", "INSTAGRAM", "X", "LINKEDIN", "TIKTOK", "PRIVATE_GROUP"] as const;
export type FeedbackChannel = (typeof CHANNELS)[number];

/** "TEXT" (the revision's main text) or "TEXT:<CHANNEL>" (its variant for one channel), as Finding.source. */
export const feedbackSourceSchema = z
  .string()
  .refine((s) => s === "TEXT" || CHANNELS.some((c) => s === `TEXT:${c}`), { message: `Use TEXT or TEXT:<channel> (${CHANNELS.join(", ")})` })
  .default("TEXT");

export const isTextSource = (source: string) => source === "TEXT" || source.startsWith("TEXT:");
export const channelOfSource = (source: string): FeedbackChannel | null => (source.startsWith("TEXT:") ? (source.slice(5) as FeedbackChannel) : null);

/** The text a source names on a revision, or null when the revision has no such variant. */
export function sourceText(revision: { text: string; channelTexts: unknown }, source: string): string | null {
  const channel = channelOfSource(source);
  if (!channel) return revision.text;
  const variants = (revision.channelTexts ?? {}) as Record<string, unknown>;
  const text = variants[channel];
  return typeof text === "string" ? text : null;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Checks a selected span against its text and trims surrounding white space (a double-click or a
 * drag often takes the space after a word), so text.slice(start, end) is exactly the PHI as the eval
 * schema wants it. Errors name the field, never the text.
 */
export function checkSpan(text: string, start: number, end: number): { start: number; end: number } {
  if (end > text.length) throw new AppError("VALIDATION", "The span is outside the text", { end: [`The text has ${text.length} characters; the span must end within it`] });
  if (start >= end) throw new AppError("VALIDATION", "The span is empty", { end: ["Must be after start"] });
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  if (s === e) throw new AppError("VALIDATION", "The span holds only white space", { start: ["Select the words that are PHI"] });
  // A span boundary inside an emoji or other astral character would cut it in half.
  if (isLowSurrogate(text.charCodeAt(s)) && s > 0 && isHighSurrogate(text.charCodeAt(s - 1))) {
    throw new AppError("VALIDATION", "The span starts inside a character", { start: ["Starts in the middle of a character"] });
  }
  if (isHighSurrogate(text.charCodeAt(e - 1))) throw new AppError("VALIDATION", "The span ends inside a character", { end: ["Ends in the middle of a character"] });
  return { start: s, end: e };
}
