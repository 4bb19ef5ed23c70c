import type { Role } from "@vetted/db";
import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { parseInput } from "../validate";
import { toMediaView, type MediaView } from "./media-files";
import { MediaFileMissingError, mediaStorage } from "./storage";

export const getMediaFileSchema = z.object({
  mediaId: z.string().uuid("Not a valid media id"),
  variant: z.enum(["display", "original"], { message: "Use display or original" }).default("display"),
});

/**
 * The as-uploaded file may still carry GPS and camera metadata: only the roles that review or
 * prepare posts may fetch it. Checked on top of media.download so widening that permission later
 * does not silently widen access to originals.
 */
const ORIGINAL_ROLES: ReadonlySet<Role> = new Set<Role>(["ADMIN", "COMPLIANCE_OFFICER", "CONSULTANT"]);

export interface MediaFile {
  bytes: Buffer;
  mime: string;
  media: MediaView;
}

/** Reads one stored file of an org's media; every successful read is written to the audit trail first. */
export async function getMediaFile(ctx: TenantContext, input: unknown): Promise<MediaFile> {
  assertCan(ctx, "media.download");
  const { mediaId, variant } = parseInput(getMediaFileSchema, input);
  if (variant === "original" && !ORIGINAL_ROLES.has(ctx.role)) throw AppError.forbidden();
  // ctx.db is scoped to the org: another org's id is simply not found.
  const media = await ctx.db.media.findFirst({ where: { id: mediaId } });
  if (!media) throw AppError.notFound("Image not found");
  const key = variant === "display" ? media.storageKey : media.originalPurgedAt ? null : media.originalKey;
  if (!key) throw new AppError("GONE", "The original file was deleted after the review; only the cleaned image is kept");

  let bytes: Buffer;
  try {
    bytes = await mediaStorage().get(key);
  } catch (error) {
    if (!(error instanceof MediaFileMissingError)) throw error;
    throw variant === "original"
      ? new AppError("GONE", "The original file is no longer stored")
      : AppError.notFound("The file for this image is missing");
  }
  // The original keeps its uploaded format, which may differ from the display file's.
  const mime = variant === "display" ? media.mime : await originalMime(bytes);
  await ctx.db.$transaction((tx) =>
    recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "media.downloaded", targetType: "Media", targetId: media.id,
      metadata: { variant, bytes: bytes.length }, request: ctx.request,
    }),
  );
  return { bytes, mime, media: toMediaView(media) };
}

async function originalMime(bytes: Uint8Array): Promise<string> {
  const { sniffFormat } = await import("@vetted/scanner/image");
  const format = sniffFormat(bytes);
  return format ? `image/${format}` : "application/octet-stream";
}
