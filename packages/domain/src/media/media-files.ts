import { createHash } from "node:crypto";
import type { Media } from "@vetted/db";
import { AppError } from "../errors";
import type { MediaStorage } from "./storage";

// Helpers shared by the media use cases: turning image-input failures into user-facing 4xx errors,
// writing a set of files all-or-nothing, and the shape a media row is returned in.

export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export const MIME: Record<"jpeg" | "png" | "webp", string> = { jpeg: "image/jpeg", png: "image/png", webp: "image/webp" };

// Scanner messages describe the file's shape only (never its content), so they are safe to show.
const HEADLINE: Record<string, string> = {
  EMPTY: "The file is empty",
  UNSUPPORTED_FORMAT: "The file is not a supported image",
  TOO_LARGE: "The image has too many pixels",
  ANIMATED: "Animated images are not supported",
  CORRUPT: "The image is corrupt or truncated",
};

/** An ImageInputError from the scanner's decoder → VALIDATION on the "file" field; anything else passes through. */
export function toUploadError(error: unknown): unknown {
  const e = error as { name?: unknown; code?: unknown; message?: unknown };
  if (e?.name !== "ImageInputError" || typeof e.code !== "string") return error;
  const detail = typeof e.message === "string" && e.message ? e.message.charAt(0).toUpperCase() + e.message.slice(1) : HEADLINE[e.code];
  return new AppError("VALIDATION", HEADLINE[e.code] ?? "The file could not be read as an image", { file: [String(detail)] });
}

/**
 * Writes every file or none: if one put fails, the ones already written are removed. The caller
 * calls the returned `undo` when a later step (the database row) fails, so no file is left orphaned.
 */
export async function putAll(storage: MediaStorage, files: { key: string; bytes: Uint8Array }[]): Promise<{ undo: () => Promise<void> }> {
  const written: string[] = [];
  const undo = async () => {
    // Best effort: a failed delete must not hide the error that caused the undo.
    await Promise.all(written.map((k) => storage.delete(k).catch(() => undefined)));
  };
  try {
    for (const f of files) {
      written.push(f.key);
      await storage.put(f.key, f.bytes);
    }
  } catch (error) {
    await undo();
    throw error;
  }
  return { undo };
}

/** What callers see of a media row: no storage keys (they are server-side paths) and no hash of the original. */
export function toMediaView(m: Media) {
  return {
    id: m.id,
    parentId: m.parentId,
    mime: m.mime,
    width: m.width,
    height: m.height,
    bytes: m.bytes,
    createdAt: m.createdAt,
    hasOriginal: m.originalKey !== null && m.originalPurgedAt === null,
  };
}
export type MediaView = ReturnType<typeof toMediaView>;
