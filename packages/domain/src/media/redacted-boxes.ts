import { z } from "zod";

// What a redacted version records about the areas obscured when it was made (Media.redactedBoxes):
// each box in image pixels, and whether it was a finding's box (which finding) or one the user drew
// over PHI the scanner missed. The rescan compares earlier findings with these boxes; the page
// and the audit can tell the user's own redactions apart. Geometry and ids only, never text.

export type Box = [number, number, number, number];

export type RedactedBox = { box: Box; source: "finding"; findingId: string } | { box: Box; source: "user" };

const box = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const entry = z.union([
  z.object({ box, source: z.literal("finding"), findingId: z.string() }),
  z.object({ box, source: z.literal("user") }),
  // Versions made before the source was recorded stored bare boxes, sent as geometry like a drawn
  // box (no finding id): read as such.
  box.transform((b): RedactedBox => ({ box: b, source: "user" })),
]);
const entries = z.array(entry);

/** The redacted boxes of a Media row; anything unreadable counts as none. */
export function readRedactedBoxes(value: unknown): RedactedBox[] {
  const parsed = entries.safeParse(value ?? []);
  return parsed.success ? (parsed.data as RedactedBox[]) : [];
}
