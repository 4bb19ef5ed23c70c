import type { Tx } from "@vetted/db";
import { AppError } from "../errors";

/** Media attached to a post must be the org's own uploads. */
export async function assertOwnMedia(tx: Tx, orgId: string, mediaIds: string[]): Promise<void> {
  if (mediaIds.length === 0) return;
  const found = await tx.media.count({ where: { orgId, id: { in: mediaIds } } });
  if (found !== new Set(mediaIds).size) throw new AppError("VALIDATION", "Some fields are invalid", { mediaIds: ["Unknown image"] });
}
