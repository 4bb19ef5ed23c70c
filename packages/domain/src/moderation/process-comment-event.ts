import { scopedDb } from "@vetted/db";
import type { CommentEventPayload } from "@vetted/queue";
import { recordAuditEvents } from "../audit/record-audit-event";
import { AppError } from "../errors";
import { loadOrgScanConfig } from "../scans/load-org-scan-config";
import { applyCommentEvent } from "./apply-comment-event";
import { openOptional } from "./moderation-crypto";
import type { PlatformClients } from "./platform-client";
import { scanComment } from "./scan-comment";
import { sendModerationAction, type SendOptions } from "./send-moderation-action";

export interface CommentDeps extends Partial<SendOptions> {
  /** Connectors for the fast path: actions written here are sent at once. Without, the sweeper sends them. */
  clients?: PlatformClients;
}

export interface ProcessedCommentEvent {
  outcome: "APPLIED" | "IGNORED" | "ALREADY_PROCESSED";
  commentId: string | null;
  actionIds: string[];
}

/**
 * The worker's half of an event: apply it to its comment (ordering rules, scan of a new text, the
 * auto-hide) and mark it processed, all in one transaction; then send any action it wrote. Runs
 * exactly once per event whatever BullMQ does: the event row is locked and processedAt checked, and a
 * per-comment lock serializes the events of one comment. An unknown event (or another org's) is
 * NOT_FOUND: the processor fails it for good.
 */
export async function processCommentEvent(payload: CommentEventPayload, deps: CommentDeps = {}): Promise<ProcessedCommentEvent> {
  const { orgId, commentEventId } = payload;
  const client = scopedDb(orgId);
  const event = await client.commentEvent.findFirst({ where: { id: commentEventId } });
  if (!event) throw AppError.notFound("Comment event not found");
  if (event.processedAt) return { outcome: "ALREADY_PROCESSED", commentId: null, actionIds: [] };

  const text = openOptional(event.textCipher, "comment-event", orgId, event.id, "text");
  const author = openOptional(event.authorNameCipher, "comment-event", orgId, event.id, "author");
  const [settings, config] = await Promise.all([
    client.organization.findUniqueOrThrow({ where: { id: orgId }, select: { autoHideBlocking: true, commentRetentionDays: true } }),
    text ? loadOrgScanConfig(client, orgId) : null,
  ]);
  // Outside the transaction: a scan is CPU work and needs no lock. A text that turns out older than
  // the one held is scanned for nothing, which is rare and cheap.
  const scan = text && config ? scanComment(text, event.platform, config) : null;

  const applied = await client.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ processedAt: Date | null }[]>`
      SELECT "processedAt" FROM "CommentEvent" WHERE id = ${event.id}::uuid AND "orgId" = ${orgId}::uuid FOR UPDATE`;
    if (!row || row.processedAt) return null;
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`comment:${event.accountId}:${event.objectId}`}, 0))`;
    const result = await applyCommentEvent(tx, { orgId, event, text, author, scan, settings });
    await tx.commentEvent.updateMany({ where: { id: event.id, orgId, processedAt: null }, data: { processedAt: new Date() } });
    await recordAuditEvents(tx, result.audit);
    return result;
  });
  if (!applied) return { outcome: "ALREADY_PROCESSED", commentId: null, actionIds: [] };

  if (deps.clients) {
    for (const actionId of applied.actionIds) {
      // Best effort: a failure here is the sweeper's to retry (the action stays PENDING or is scheduled).
      await sendModerationAction(orgId, actionId, { ...deps, clients: deps.clients }).catch(() => undefined);
    }
  }
  return { outcome: applied.plan === "ignore" ? "IGNORED" : "APPLIED", commentId: applied.commentId, actionIds: applied.actionIds };
}
