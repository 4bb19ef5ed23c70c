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
import { MediaFileMissingError, mediaKey, mediaStorage } from "./storage";

const coord = z.number({ message: "Box values are pixel numbers" }).finite().min(0, "Box values cannot be negative");
const box = z.tuple([coord, coord, coord.gt(0, "Box width must be positive"), coord.gt(0, "Box height must be positive")], {
  message: "A box is [x, y, width, height]",
});

export const redactMediaSchema = z.object({
  mediaId: z.string().uuid("Not a valid media id"),
  boxes: z.array(box, { message: "Send a list of boxes" }).min(1, "Draw at least one box").max(50, "At most 50 boxes per redaction"),
  mode: z.enum(["blur", "pixelate", "fill"], { message: "Use blur, pixelate or fill" }).default("blur"),
});

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
 * Obscures boxes of an image and stores the result as a new version (parentId = the image it came
 * from). Starts from the parent's display file, not its original: that is the file a post would
 * publish, it keeps earlier redactions when versions are chained, it has no metadata, and it exists
 * after the original is purged. Its pixels are the auto-oriented ones the scanner's boxes refer to.
 * If OCR can still read flagged text in or beside a box, nothing is stored and the caller gets CONFLICT.
 */
export async function redactMedia(ctx: TenantContext, input: unknown): Promise<MediaView> {
  assertCan(ctx, "media.upload");
  const { mediaId, boxes, mode } = parseInput(redactMediaSchema, input);
  const parent = await ctx.db.media.findFirst({ where: { id: mediaId } });
  if (!parent) throw AppError.notFound("Image not found");
  const outside = boxes.flatMap(([x, y, w, h], i) => (x + w > parent.width || y + h > parent.height ? [i] : []));
  if (outside.length) {
    const fields = Object.fromEntries(outside.map((i) => [`boxes.${i}`, [`Box is outside the ${parent.width}×${parent.height} image`]]));
    throw new AppError("VALIDATION", "Some boxes are outside the image", fields);
  }

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
    out = await (await redactionScanner()).redact(source, boxes, { mode, maxPixels: mediaEnv().MEDIA_MAX_PIXELS });
  } catch (error) {
    if (!(error instanceof RedactionError)) throw error;
    throw new AppError(
      "CONFLICT",
      `Text is still readable in ${error.regions} of the redacted areas; draw a larger box or use "fill", then try again`,
      { boxes: ["Redaction incomplete"] },
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
        metadata: { parentId: parent.id, boxes: boxes.length, mode, peopleCarried: people.length }, request: ctx.request,
      });
      return row;
    });
    return toMediaView(media);
  } catch (error) {
    await undo();
    throw error;
  }
}
