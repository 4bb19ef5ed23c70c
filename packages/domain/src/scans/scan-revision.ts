import type { Channel, Media, PostRevision } from "@vetted/db";
import { scanText as defaultScanText, type ImageScanResult, type OrgScanConfig, type TextScanOptions, type TextScanResult, type Verdict } from "@vetted/scanner";
import type { ImageScanner } from "@vetted/scanner/image";
import { z } from "zod";
import { mediaStorage, type MediaStorage } from "../media/storage";
import { carryPriorFindings } from "./carry-prior-findings";
import type { PriorFinding, PriorOutcome } from "./prior-findings";
import { PermanentScanError } from "./scan-error";

export interface ScanDeps {
  /** Injectable for tests (e.g. a scan that hangs, to kill a worker mid-scan). */
  scanText?: (text: string, options: TextScanOptions) => TextScanResult | Promise<TextScanResult>;
  /** The worker's one image scanner (~480 MB, created lazily); only asked for when a revision has images. */
  imageScanner?: () => Promise<ImageScanner>;
  storage?: MediaStorage;
}

/** A Finding row before it has ids for the org, post and revision. */
export interface ScannedFinding {
  mediaId: string | null;
  source: string;
  type: string;
  start: number | null;
  end: number | null;
  box: number[];
  text: string | null;
  score: number;
  recognizer: string;
  explanation: string;
  /** The verdict of the scan this finding came from: the default rule for `blocking`. */
  sourceVerdict: Verdict;
}

export interface RevisionScan {
  verdict: Verdict;
  reasons: string[];
  faces: number;
  findings: ScannedFinding[];
  /** What became of each earlier finding of the images redacted versions were made from. */
  outcomes: PriorOutcome[];
}

const RANK: Record<Verdict, number> = { allow: 0, review: 1, block: 2 };
const channelTextsSchema = z.record(z.string(), z.string());

/**
 * Scans one revision outside any transaction: the text, each per-channel variant ("TEXT:<CHANNEL>")
 * and each image. Images are read from their original (metadata still present: GPS, captions) when
 * it is kept, else from the stored copy.
 */
export async function scanRevision(
  revision: Pick<PostRevision, "text" | "channelTexts" | "mediaIds">,
  media: Media[],
  config: OrgScanConfig,
  deps: ScanDeps = {},
  priors: Map<string, PriorFinding[]> = new Map(),
): Promise<RevisionScan> {
  const scanText = deps.scanText ?? defaultScanText;
  const out: RevisionScan = { verdict: "allow", reasons: [], faces: 0, findings: [], outcomes: [] };
  const add = (verdict: Verdict, reasons: string[]) => {
    if (RANK[verdict] > RANK[out.verdict]) out.verdict = verdict;
    for (const r of reasons) if (!out.reasons.includes(r)) out.reasons.push(r);
  };

  const texts: [string, string, Channel | null][] = [["TEXT", revision.text, null]];
  const variants = channelTextsSchema.safeParse(revision.channelTexts);
  for (const [channel, text] of Object.entries(variants.success ? variants.data : {})) {
    if (text.trim()) texts.push([`TEXT:${channel}`, text, channel as Channel]);
  }
  for (const [source, text, channel] of texts) {
    const options: TextScanOptions = { kind: "post", config, ...(channel ? { channel: channel.toLowerCase() as TextScanOptions["channel"] } : {}) };
    const result = await scanText(text, options);
    add(result.verdict, result.reasons);
    for (const f of result.findings) {
      out.findings.push({
        mediaId: null, source, type: f.type, start: f.start, end: f.end, box: [], text: f.text,
        score: f.score, recognizer: f.recognizer, explanation: f.explanation, sourceVerdict: result.verdict,
      });
    }
  }

  const byId = new Map(media.map((m) => [m.id, m]));
  for (const mediaId of revision.mediaIds) {
    const item = byId.get(mediaId);
    if (!item) throw new PermanentScanError("MEDIA_NOT_FOUND");
    if (!deps.imageScanner) throw new Error("scanRevision needs an image scanner for revisions with images");
    const bytes = await readMedia(deps.storage ?? mediaStorage(), item.originalKey ?? item.storageKey);
    const scanner = await deps.imageScanner();
    const earlier = priors.get(mediaId) ?? [];
    const recheck = earlier.flatMap((p) => (p.touched && p.text ? [{ box: p.box, text: p.text }] : []));
    const result: ImageScanResult & { stillReadable?: boolean[] } = await scanner.scan(bytes, { config, ...(recheck.length ? { recheck } : {}) });
    add(result.verdict, result.reasons);
    out.faces += result.faces;
    const fresh: ScannedFinding[] = result.findings.map((f) => ({
      mediaId, source: f.source.toUpperCase(), type: f.type, start: null, end: null, box: f.box ?? [], text: f.text ?? null,
      score: f.score, recognizer: f.field ? `metadata.${f.field}` : `image.${f.source}`, explanation: f.explanation, sourceVerdict: result.verdict,
    }));
    out.findings.push(...fresh);
    if (earlier.length) {
      const carried = carryPriorFindings(mediaId, earlier, fresh, result.stillReadable);
      out.findings.push(...carried.findings);
      out.outcomes.push(...carried.outcomes);
      if (carried.findings.length) add(carried.verdict, [carried.reason]);
    }
  }
  return out;
}

async function readMedia(storage: MediaStorage, key: string): Promise<Buffer> {
  try {
    return await storage.get(key);
  } catch (error) {
    // A file that is gone will not come back on a retry; a storage outage might.
    if (error instanceof Error && error.name === "MediaFileMissingError") throw new PermanentScanError("MEDIA_FILE_MISSING");
    throw error;
  }
}
