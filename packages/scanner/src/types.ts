// Shared contract of the scanner package. The text scanner (src/text), the image scanner (src/image),
// the CLI (src/cli.ts), the worker and the web app all speak these types.

export const PHI_TYPES = ["NAME", "DATE", "AGE", "CONTACT", "ID", "LOCATION", "HEALTH", "PHOTO_REF"] as const;
export type PhiType = (typeof PHI_TYPES)[number];

export type Verdict = "block" | "review" | "allow";
/**
 * "caption": a caption, title, description, keyword or comment stored in an image's metadata. Read
 * like a post (the learned model has no caption data, so its features use "post"); the image scanner
 * adds its own caption rule on top (src/image/caption.ts).
 */
export type TextKind = "post" | "comment" | "group_post" | "reply" | "caption";
export type Channel = "facebook" | "instagram" | "x" | "linkedin" | "tiktok" | "private_group";

/** Per-org configuration passed in by the caller; the scanner keeps no state of its own. */
export interface OrgScanConfig {
  /** Names of staff, physicians and the org itself: never reported as patient NAME. */
  allowNames?: string[];
  /** Any other strings that must never be flagged (the org's own phones, addresses, custom terms). */
  allowTerms?: string[];
  /** Strings that are always flagged (e.g. a known patient's nickname), with their type. */
  denyTerms?: { text: string; type: PhiType }[];
  /**
   * Allow-listed terms the caller keeps only as keyed hashes (names, IDs, dates, contacts are PHI
   * themselves, so they are never stored in plaintext): asked for each finding, true drops it. The
   * scanner stays keyless; the caller normalizes and hashes the finding's text to answer.
   */
  isAllowed?: (finding: { type: PhiType; text: string }) => boolean;
}

export interface TextScanOptions {
  kind?: TextKind;
  channel?: Channel;
  config?: OrgScanConfig;
  /**
   * Where the text comes from. "image": OCR text read from a photo (a chart, wristband, folder label,
   * whiteboard). Document labels then count: a name next to "DOB"/"MRN"/"Rm"/"Pt", a date next to
   * "Adm"/"D/C"/"DOS", a bare "LAST, FIRST" label, ALL-CAPS names, and phone numbers are not presumed
   * to be the org's. Default "social" (a post, comment, group post or reply as typed).
   */
  source?: "social" | "image";
}

export interface TextFinding {
  type: PhiType;
  /** UTF-16 offsets into the scanned text (String.prototype.slice semantics). */
  start: number;
  end: number;
  text: string;
  score: number;
  recognizer: string;
  explanation: string;
}

export interface TextScanResult {
  verdict: Verdict;
  findings: TextFinding[];
  /** Sentences a compliance officer can read, e.g. "names a patient together with a diagnosis". */
  reasons: string[];
}

export type ImageFindingType = PhiType | "FACE";

export interface ImageFinding {
  type: ImageFindingType;
  text?: string;
  /** [x, y, width, height] in original-image pixels (after auto-orientation); absent for metadata. */
  box?: [number, number, number, number];
  score: number;
  source: "ocr" | "metadata" | "face";
  explanation: string;
  /** Metadata findings only: the field the text came from, e.g. "ifd0.ImageDescription" or "gps". */
  field?: string;
}

export interface ImageScanResult {
  verdict: Verdict;
  findings: ImageFinding[];
  faces: number;
  reasons: string[];
  width: number;
  height: number;
  format: string;
}
