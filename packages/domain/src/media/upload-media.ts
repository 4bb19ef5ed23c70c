import { randomUUID } from "node:crypto";
import { mediaEnv } from "@vetted/config";
import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { parseInput } from "../validate";
import { MIME, putAll, sha256, toMediaView, toUploadError, type MediaView } from "./media-files";
import { mediaKey, mediaStorage } from "./storage";

export const uploadMediaSchema = z.object({
  bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: "Attach an image file" }),
  // Accepted for the caller's convenience and deliberately dropped: a file name may be a patient's name.
  filename: z.string().max(1000).optional(),
});
export type UploadMediaInput = z.input<typeof uploadMediaSchema>;

const tooLarge = (max: number) =>
  new AppError("PAYLOAD_TOO_LARGE", `The file is larger than the ${Math.floor(max / (1024 * 1024))} MB upload limit`, {
    file: [`At most ${Math.floor(max / (1024 * 1024))} MB`],
  });

/** The upload size limit, for the route to check Content-Length before reading the body. */
export const mediaUploadLimit = () => mediaEnv().MEDIA_MAX_BYTES;
export const mediaTooLarge = () => tooLarge(mediaEnv().MEDIA_MAX_BYTES);

/**
 * Validates untrusted bytes with the scanner's decoder rules (format from magic bytes, pixel cap
 * from the header, no animation) and re-encodes them auto-oriented and without any metadata.
 */
export async function stripImage(bytes: Uint8Array, maxPixels: number) {
  const { inspectImage, safeSharp } = await import("@vetted/scanner/image");
  try {
    const { format } = await inspectImage(bytes, maxPixels);
    // JPEG/PNG/WebP keep their format; GIF becomes PNG; AVIF becomes PNG with alpha, JPEG without.
    const alpha = format === "avif" ? Boolean((await safeSharp(bytes, maxPixels).metadata()).hasAlpha) : false;
    const target = format === "jpeg" || format === "webp" ? format : format === "avif" && !alpha ? "jpeg" : "png";
    // rotate() applies the EXIF orientation to the pixels before the tag is dropped, so the image
    // still looks upright; sharp writes no EXIF, XMP, IPTC or ICC unless asked (we never ask).
    const pipeline = safeSharp(bytes, maxPixels).rotate();
    const encoded = target === "jpeg" ? pipeline.jpeg({ quality: 92 }) : target === "webp" ? pipeline.webp({ quality: 92 }) : pipeline.png();
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, mime: MIME[target] };
  } catch (error) {
    const mapped = toUploadError(error);
    if (mapped !== error) throw mapped;
    // The header was fine but decoding the pixels failed: a truncated or damaged file.
    throw new AppError("VALIDATION", "The image is corrupt or truncated", { file: ["The image data could not be decoded"] });
  }
}

/** Stores an uploaded image: the metadata-free display file plus the original, kept for review only. */
export async function uploadMedia(ctx: TenantContext, input: UploadMediaInput): Promise<MediaView> {
  assertCan(ctx, "media.upload");
  const { MEDIA_MAX_BYTES, MEDIA_MAX_PIXELS } = mediaEnv();
  // Size first: the cheapest check, and it must hold before any decoder sees the bytes.
  if (input?.bytes instanceof Uint8Array && input.bytes.length > MEDIA_MAX_BYTES) throw tooLarge(MEDIA_MAX_BYTES);
  const { bytes } = parseInput(uploadMediaSchema, input);
  const stripped = await stripImage(bytes, MEDIA_MAX_PIXELS);

  const id = randomUUID();
  const storageKey = mediaKey(ctx.org.id, id, "display");
  const originalKey = mediaKey(ctx.org.id, id, "original");
  const storage = mediaStorage();
  const { undo } = await putAll(storage, [
    { key: storageKey, bytes: stripped.data },
    { key: originalKey, bytes },
  ]);
  try {
    const media = await ctx.db.$transaction(async (tx) => {
      const row = await tx.media.create({
        data: {
          id, orgId: ctx.org.id, storageKey, originalKey, mime: stripped.mime, width: stripped.width, height: stripped.height,
          bytes: stripped.data.length, sha256: sha256(bytes), createdById: ctx.user.id,
        },
      });
      await recordAuditEvent(tx, {
        orgId: ctx.org.id, actorId: ctx.user.id, action: "media.uploaded", targetType: "Media", targetId: id,
        metadata: { mime: stripped.mime, originalBytes: bytes.length, bytes: stripped.data.length, width: stripped.width, height: stripped.height },
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
