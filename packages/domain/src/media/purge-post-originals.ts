import type { Tx } from "@vetted/db";
import type { RequestMeta, TenantContext } from "../context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { mediaStorage } from "./storage";

/** Who purges, when the caller is already inside a transaction (e.g. the approve/reject decision). */
export interface PurgeInTx {
  tx: Tx;
  orgId: string;
  actorId: string | null;
  /** For system actors with no user row, e.g. "system" when a post expires. */
  actorLabel?: string;
  request?: RequestMeta;
}

const inTx = (s: TenantContext | PurgeInTx): s is PurgeInTx => "tx" in s;

/**
 * Deletes the as-uploaded files of these media once the review no longer needs them and marks the
 * rows (originalPurgedAt), one audit event per image. Ids of other orgs and already-purged media are
 * ignored, so calling it twice is harmless.
 *
 * Given a TenantContext it runs in its own transaction; given { tx, … } it runs in the caller's, so
 * the mark commits with the decision. Files are deleted inside the call, before that commit: if the
 * decision then rolls back, the original is gone early (the cleaned display file remains), which we
 * prefer to the reverse order's risk of a committed "purged" mark over a file still on disk. A failed
 * delete keeps originalKey set on the row, so calling again retries it.
 */
export async function purgeOriginals(scope: TenantContext | PurgeInTx, mediaIds: string[]): Promise<{ purged: string[] }> {
  const ids = [...new Set(mediaIds)];
  if (ids.length === 0) return { purged: [] };
  if (!inTx(scope)) {
    return scope.db.$transaction((tx) =>
      purgeOriginals({ tx, orgId: scope.org.id, actorId: scope.user.id, request: scope.request }, ids),
    );
  }
  const { tx, orgId } = scope;
  const rows = await tx.media.findMany({ where: { orgId, id: { in: ids }, originalKey: { not: null } }, select: { id: true, originalKey: true, originalPurgedAt: true } });
  const storage = mediaStorage();
  const purged: string[] = [];
  for (const row of rows) {
    const now = new Date();
    if (!row.originalPurgedAt) {
      await tx.media.update({ where: { id: row.id, orgId }, data: { originalPurgedAt: now } });
      await recordAuditEvent(tx, {
        orgId, actorId: scope.actorId, actorLabel: scope.actorLabel ?? null, action: "media.original_purged",
        targetType: "Media", targetId: row.id, metadata: {}, request: scope.request,
      });
    }
    try {
      await storage.delete(row.originalKey!);
    } catch {
      // Left for a retry: the row keeps originalKey, and the download path already refuses purged originals.
      continue;
    }
    await tx.media.update({ where: { id: row.id, orgId }, data: { originalKey: null } });
    purged.push(row.id);
  }
  return { purged };
}

/** Every image a post ever showed (all revisions, and the versions redactions were made from). */
async function postMediaIds(tx: Tx, orgId: string, postId: string): Promise<string[]> {
  const revisions = await tx.postRevision.findMany({ where: { orgId, postId }, select: { mediaIds: true } });
  const ids = new Set(revisions.flatMap((r) => r.mediaIds));
  let frontier = [...ids];
  while (frontier.length > 0) {
    const parents = await tx.media.findMany({ where: { orgId, id: { in: frontier }, parentId: { not: null } }, select: { parentId: true } });
    frontier = parents.map((p) => p.parentId!).filter((id) => !ids.has(id));
    for (const id of frontier) ids.add(id);
  }
  return [...ids];
}

/** Once a post is decided for good (approved, rejected, expired), its as-uploaded originals go. */
export async function purgePostOriginals(scope: PurgeInTx, postId: string) {
  return purgeOriginals(scope, await postMediaIds(scope.tx, scope.orgId, postId));
}
