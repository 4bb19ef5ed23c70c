import type { Tx } from "@vetted/db";
import { AppError } from "../errors";

/**
 * Media attached to a post must be the org's own uploads. A Media row is written only after the
 * file is validated and stored (uploadMedia, redactMedia), so an existing row is a complete image;
 * an upload still running or failed has no row and is refused here by its position in the post.
 */
export async function assertOwnMedia(tx: Tx, orgId: string, mediaIds: string[]): Promise<void> {
  if (mediaIds.length === 0) return;
  const found = new Set((await tx.media.findMany({ where: { orgId, id: { in: mediaIds } }, select: { id: true } })).map((m) => m.id));
  const missing = mediaIds.flatMap((id, i) => (found.has(id) ? [] : [`Image ${i + 1} is not one of this organization's uploads`]));
  if (missing.length) throw new AppError("VALIDATION", "Some fields are invalid", { mediaIds: missing });
}
