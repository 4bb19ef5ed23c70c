import { randomUUID } from "node:crypto";
import { forOrg, ORG_ID, Prisma, rawSql, type RawClient, type SocialComment } from "@vetted/db";
import { jsonInsert } from "../json-insert";
import type { AuditEventInput } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { sealField, sealOptional } from "./moderation-crypto";
import { platformCan } from "./platform-capabilities";
import { ACTION_COLUMNS, pendingAction, SNAPSHOT_COLUMNS } from "./moderation-rows";
import type { CommentScan } from "./scan-comment";

export interface WithoutHideInput {
  orgId: string;
  comment: SocialComment;
  /** The new text the scanner blocked, and its author (PHI: sealed into the snapshot only). */
  text: string;
  author: string | null;
  textSha256: string;
  scan: CommentScan;
}

export interface WithoutHideResult {
  /** The DELETE written to the outbox, when the org lets the worker delete; sent after the commit. */
  actionIds: string[];
  audit: AuditEventInput[];
}

const DAY_MS = 86_400_000;

/**
 * A `block` comment on a platform that cannot hide (LinkedIn), inside the caller's transaction and
 * under its per-comment lock. When the org allows automatic deletion (Organization.autoDeleteBlocking)
 * and the platform can delete: a snapshot first, then a DELETE in the outbox, the comment RESOLVED.
 * Otherwise the comment is ESCALATED for a person to delete it or deal with it. Audit: ids, verdict
 * and finding types only.
 */
export async function moderateWithoutHide(tx: RawClient, input: WithoutHideInput): Promise<WithoutHideResult> {
  const { orgId, comment, scan } = input;
  const sql = rawSql(tx, forOrg(orgId));
  const [org] = await sql.query<{ autoDeleteBlocking: boolean; commentRetentionDays: number }[]>`
    SELECT "autoDeleteBlocking", "commentRetentionDays" FROM "Organization" WHERE id = ${ORG_ID}::uuid`;
  if (!org) throw new Error("moderateWithoutHide: the organization is gone");
  const audit = (action: string, metadata: Record<string, unknown>): AuditEventInput => ({
    ...WORKER_ACTOR, orgId, action, targetType: "SocialComment", targetId: comment.id,
    metadata: { automatic: true, reason: "NO_HIDE", platform: comment.platform, verdict: scan.verdict, types: scan.types, ...metadata },
  });
  if (await pendingAction(tx, orgId, comment.id, "DELETE")) return { actionIds: [], audit: [] };

  const now = new Date();
  const setStatus = (status: "ESCALATED" | "RESOLVED", extra = Prisma.empty) =>
    Prisma.sql`UPDATE "SocialComment" SET status = ${status}::"SocialCommentStatus"${extra}, "updatedAt" = ${now} WHERE id = ${comment.id}::uuid AND "orgId" = ${ORG_ID}::uuid`;
  if (!org.autoDeleteBlocking || !platformCan(comment.platform, "delete")) {
    await sql.execute(setStatus("ESCALATED", Prisma.sql`, "needsReview" = true`));
    return { actionIds: [], audit: [audit("comment.escalated", { from: comment.status, to: "ESCALATED" })] };
  }

  const actionId = randomUUID();
  const snapshotId = randomUUID();
  // Evidence before the act: what the comment said when it was deleted. Snapshot, DELETE and status in one statement.
  const snapshot = jsonInsert("CommentSnapshot", SNAPSHOT_COLUMNS, [{
    id: snapshotId, commentId: comment.id, actionId, takenAt: now, textSha256: input.textSha256,
    textCipher: sealField(input.text, "comment-snapshot", orgId, snapshotId, "text"),
    authorNameCipher: sealOptional(input.author, "comment-snapshot", orgId, snapshotId, "author"),
    retainUntil: new Date(now.getTime() + org.commentRetentionDays * DAY_MS),
  }], { orgId: ORG_ID });
  const action = jsonInsert("ModerationAction", ACTION_COLUMNS, [{ id: actionId, commentId: comment.id, accountId: comment.accountId, kind: "DELETE" }], { orgId: ORG_ID });
  await sql.execute(Prisma.sql`WITH snapshot AS (${snapshot}), action AS (${action}) ${setStatus("RESOLVED")}`);
  return { actionIds: [actionId], audit: [audit("comment.delete_requested", { from: comment.status, to: "RESOLVED", actionId, snapshotId, textSha256: input.textSha256 })] };
}
