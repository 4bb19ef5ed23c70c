import { randomUUID } from "node:crypto";
import { mediaEnv } from "@vetted/config";
import type { ImageScanner } from "@vetted/scanner/image";
import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { moveLabel } from "../consents/consent-records";
import { parseInput } from "../validate";
import { MIME, putAll, sha256, toMediaView, type MediaView } from "./media-files";
import type { Box, RedactedBox } from "./redacted-boxes";
import { MediaFileMissingError, mediaKey, mediaStorage } from "./storage";

const coord = z.number({ message: "Box values are pixel numbers" }).finite().min(0, "Box values cannot be negative");
// A drawn box smaller than 4×4 pixels is a slip of the pointer: it hides nothing a reader could read.
const box = z
  .tuple([coord, coord, coord.min(4, "A box is at least 4 pixels wide"), coord.min(4, "A box is at least 4 pixels high")], {
    message: "A box is [x, y, width, height]",
  })
  .transform((b) => b.map(Math.round) as Box);

/** One redaction obscures at most this many areas (the audit lists each one). */
export const MAX_REDACTION_BOXES = 50;

export const redactMediaSchema = z
  .object({
    mediaId: z.string().uuid("Not a valid media id"),
    /** Boxes the user drew (or any client's boxes), in the image's pixels. */
    boxes: z.array(box, { message: "Send a list of boxes" }).max(MAX_REDACTION_BOXES, `At most ${MAX_REDACTION_BOXES} boxes per redaction`).default([]),
    /** Findings of this image whose boxes to obscure: the server takes each box from the finding itself. */
    findingIds: z
      .array(z.string().uuid("Not a valid finding id"), { message: "Send a list of finding ids" })
      .max(MAX_REDACTION_BOXES, `At most ${MAX_REDACTION_BOXES} findings per redaction`)
      .default([]),
    mode: z.enum(["blur", "pixelate", "fill"], { message: "Use blur, pixelate or fill" }).default("blur"),
  })
  .superRefine((v, ctx) => {
    if (v.boxes.length + v.findingIds.length === 0) ctx.addIssue({ code: "custom", path: ["boxes"], message: "Draw at least one box or pick a finding" });
    if (v.boxes.length + v.findingIds.length > MAX_REDACTION_BOXES) ctx.addIssue({ code: "custom", path: ["boxes"], message: `At most ${MAX_REDACTION_BOXES} boxes per redaction` });
    v.findingIds.forEach((id, i) => {
      if (v.findingIds.indexOf(id) !== i) ctx.addIssue({ code: "custom", path: ["findingIds", i], message: "This finding is listed twice" });
    });
  });
export type RedactMediaInput = z.input<typeof redactMediaSchema>;

// One OCR worker for the process, created on first use: verification re-reads every redaction, and
// starting the OCR engine per request would cost a second each time. Faces are not needed to check text.
let scanner: Promise<ImageScanner> | undefined;
function redactionScanner(): Promise<ImageScanner> {
  scanner ??= import("@vetted/scanner/image")
    .then((m) => m.createImageScanner({ faces: false, ocrWorkers: 1, maxPixels: mediaEnv().MEDIA_MAX_PIXELS }))
    .catch((error: unknown) => {
      scanner = undefined;
      throw error;
    });
  return scanner;
}

/** Stops the redaction OCR worker (process shutdown, end of a test file). */
export async function closeRedactionScanner(): Promise<void> {
  const s = scanner;
  scanner = undefined;
  if (s) await (await s).close();
}

/**
 * Obscures areas of an image and stores the result as ONE new version (parentId = the image it came
 * from): the boxes of the given findings of that image and/or boxes the user drew. Starts from the
 * parent's display file, not its original: that is the file a post would publish, it keeps earlier
 * redactions when versions are chained, it has no metadata, and it exists after the original is
 * purged. Its pixels are the auto-oriented ones the scanner's boxes refer to. If OCR can still read
 * flagged text in or beside any one box, nothing is stored and the caller gets CONFLICT naming the
 * boxes (fields `findingIds.<i>` / `boxes.<i>`) so the page can say which of its numbered boxes failed.
 */
export async function redactMedia(ctx: TenantContext, input: unknown): Promise<MediaView> {
  assertCan(ctx, "media.upload");
  const { mediaId, boxes, findingIds, mode } = parseInput(redactMediaSchema, input);
  const parent = await ctx.db.media.findFirst({ where: { id: mediaId } });
  if (!parent) throw AppError.notFound("Image not found");
  const outside = boxes.flatMap(([x, y, w, h], i) => (x + w > parent.width || y + h > parent.height ? [i] : []));
  if (outside.length) {
    const fields = Object.fromEntries(outside.map((i) => [`boxes.${i}`, [`Box is outside the ${parent.width}×${parent.height} image`]]));
    throw new AppError("VALIDATION", "Some boxes are outside the image", fields);
  }
  const regions = [...(await findingBoxes(ctx, parent.id, findingIds)), ...boxes.map((b): RedactedBox => ({ box: b, source: "user" }))];
  const fieldOf = (i: number) => (i < findingIds.length ? `findingIds.${i}` : `boxes.${i - findingIds.length}`);

  const storage = mediaStorage();
  let source: Buffer;
  try {
    source = await storage.get(parent.storageKey);
  } catch (error) {
    if (error instanceof MediaFileMissingError) throw AppError.notFound("The file for this image is missing");
    throw error;
  }
  const { RedactionError } = await import("@vetted/scanner/image");
  let out;
  try {
    out = await (await redactionScanner()).redact(source, regions.map((r) => r.box), { mode, maxPixels: mediaEnv().MEDIA_MAX_PIXELS });
  } catch (error) {
    if (!(error instanceof RedactionError)) throw error;
    // Positions only (never what the text says): "finding 2", "drawn box 1" in the order sent.
    const named = error.boxes.map((i) => (i < findingIds.length ? `finding ${i + 1}` : `drawn box ${i - findingIds.length + 1}`));
    throw new AppError(
      "CONFLICT",
      `Text is still readable after blurring ${named.join(", ") || `${error.regions} of the areas`}: nothing was saved. Draw a larger box or use "fill", then try again`,
      error.boxes.length ? Object.fromEntries(error.boxes.map((i) => [fieldOf(i), ["Still readable after the redaction"]])) : { boxes: ["Redaction incomplete"] },
    );
  }

  const id = randomUUID();
  const storageKey = mediaKey(ctx.org.id, id, "display");
  const { undo } = await putAll(storage, [{ key: storageKey, bytes: out.bytes }]);
  try {
    const media = await ctx.db.$transaction(async (tx) => {
      // A redacted version has no separate original: it was made from an already-cleaned file.
      const row = await tx.media.create({
        data: {
          id, orgId: ctx.org.id, parentId: parent.id, storageKey, originalKey: null, mime: MIME[out.format],
          width: out.width, height: out.height, bytes: out.bytes.length, sha256: sha256(out.bytes), createdById: ctx.user.id,
          // The rescan tells "removed by this redaction" from "left untouched" by these boxes.
          redactedBoxes: regions,
        },
      });
      // The same people are still shown (a blur hides text, a face it covers only lowers the
      // count the gate compares against): the consents and attestations carry over to the version.
      const people = await tx.mediaPerson.findMany({ where: { orgId: ctx.org.id, mediaId: parent.id } });
      if (people.length) {
        await tx.mediaPerson.createMany({
          data: people.map((p) => {
            const personId = randomUUID();
            return {
              id: personId, orgId: p.orgId, mediaId: id, kind: p.kind, consentId: p.consentId, attestedById: p.attestedById, attestedAt: p.attestedAt,
              labelCipher: moveLabel(p.labelCipher, ctx.org.id, p.id, personId), createdById: p.createdById,
            };
          }),
        });
      }
      await recordAuditEvent(tx, {
        orgId: ctx.org.id, actorId: ctx.user.id, action: "media.redacted", targetType: "Media", targetId: id,
        // Ids and geometry only: which findings' boxes, and the drawn boxes as "x,y,w,h".
        metadata: { parentId: parent.id, boxes: regions.length, mode, peopleCarried: people.length, findingIds, drawnBoxes: boxes.map((b) => b.join(",")) },
        request: ctx.request,
      });
      return row;
    });
    return toMediaView(media);
  } catch (error) {
    await undo();
    throw error;
  }
}

/** The boxes of the given findings, which must be findings of this very image and have a box. */
async function findingBoxes(ctx: TenantContext, mediaId: string, ids: string[]): Promise<RedactedBox[]> {
  if (!ids.length) return [];
  const rows = await ctx.db.finding.findMany({ where: { id: { in: ids }, mediaId }, select: { id: true, box: true } });
  const fields: Record<string, string[]> = {};
  const out = ids.map((id, i): RedactedBox => {
    const box = rows.find((r) => r.id === id)?.box;
    if (box?.length !== 4) fields[`findingIds.${i}`] = [box ? "This finding has no box to blur" : "No finding of this image has this id"];
    return { box: (box ?? [0, 0, 0, 0]) as Box, source: "finding", findingId: id };
  });
  if (Object.keys(fields).length) throw new AppError("VALIDATION", "Some findings cannot be blurred on this image", fields);
  return out;
}
