import { scopedDb, type Media } from "@vetted/db";
import { z } from "zod";
import { readRedactedBoxes } from "../media/redacted-boxes";

/**
 * Earlier findings of the image a redacted version was made from. The text scanner judges a room
 * number or a drug by what else the image says (a name makes it a patient's), so a fresh scan of a
 * copy whose name was blurred may report nothing while the room and the drug are still legible.
 * The rescan therefore re-checks each of these instead of trusting the fresh scan alone.
 */
export interface PriorFinding {
  id: string;
  type: string;
  text: string | null;
  box: [number, number, number, number];
  score: number;
  recognizer: string;
  explanation: string;
  blocking: boolean;
  /** A redacted box overlaps it: only the re-read can tell whether it is gone. */
  touched: boolean;
}

export type PriorOutcome = { priorFindingId: string; mediaId: string; outcome: "STILL_PRESENT" | "REMOVED_BY_REDACTION" };
export const priorOutcomesSchema = z.array(
  z.object({ priorFindingId: z.string(), mediaId: z.string(), outcome: z.enum(["STILL_PRESENT", "REMOVED_BY_REDACTION"]) }),
);

type Box = [number, number, number, number];
// Findings' boxes and the user's own drawn boxes alike: any obscured pixels may have removed a finding.
const boxesOf = (m: Pick<Media, "redactedBoxes">): Box[] => readRedactedBoxes(m.redactedBoxes).map((r) => r.box);
const overlaps = (a: Box, b: Box) => a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];

// A version of a version of …: the chain is walked up to the nearest image this post had scanned.
const MAX_DEPTH = 10;

/**
 * Per redacted image of the revision: the OCR findings (not dismissed) of the nearest ancestor
 * image in the latest earlier revision of this post whose scan succeeded. Boxes redacted along the
 * way (every version between that ancestor and this one) mark the findings they touch.
 */
export async function loadPriorFindings(orgId: string, postId: string, revisionNumber: number, media: Media[]): Promise<Map<string, PriorFinding[]>> {
  const db = scopedDb(orgId);
  const out = new Map<string, PriorFinding[]>();
  for (const item of media) {
    let ancestorId = item.parentId;
    const redacted: Box[] = boxesOf(item);
    for (let depth = 0; ancestorId && depth < MAX_DEPTH; depth++) {
      const revisions = await db.postRevision.findMany({ where: { orgId, postId, number: { lt: revisionNumber }, mediaIds: { has: ancestorId } }, select: { id: true } });
      const job = revisions.length
        ? await db.scanJob.findFirst({ where: { orgId, revisionId: { in: revisions.map((r) => r.id) }, status: "SUCCEEDED" }, orderBy: { finishedAt: "desc" } })
        : null;
      if (job) {
        const findings = await db.finding.findMany({ where: { orgId, revisionId: job.revisionId, mediaId: ancestorId, source: "OCR", dismissedAt: null } });
        out.set(item.id, findings.filter((f) => f.box.length === 4).map((f) => {
          const box = f.box as Box;
          return { id: f.id, type: f.type, text: f.text, box, score: f.score, recognizer: f.recognizer, explanation: f.explanation, blocking: f.blocking, touched: redacted.some((r) => overlaps(r, box)) };
        }));
        break;
      }
      const ancestor = await db.media.findFirst({ where: { orgId, id: ancestorId } });
      if (!ancestor) break;
      redacted.push(...boxesOf(ancestor));
      ancestorId = ancestor.parentId;
    }
  }
  return out;
}
