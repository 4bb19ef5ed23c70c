import { forOrg, ORG_ID, rawSql, type ModerationActionKind, type RawClient } from "@vetted/db";

/** Whether the comment already has an action of this kind waiting to be sent (raw: any client). */
export async function pendingAction(tx: RawClient, orgId: string, commentId: string, kind: ModerationActionKind): Promise<boolean> {
  const [row] = await rawSql(tx, forOrg(orgId)).query<unknown[]>`
    SELECT 1 FROM "ModerationAction"
    WHERE "orgId" = ${ORG_ID}::uuid AND "commentId" = ${commentId}::uuid AND kind = ${kind}::"ModerationActionKind" AND status = 'PENDING' LIMIT 1`;
  return row !== undefined;
}

/** The columns the worker writes of a snapshot (the evidence before a hide or a delete) and of an outbox action. */
export const SNAPSHOT_COLUMNS = {
  id: "uuid", orgId: "uuid", commentId: "uuid", actionId: "uuid", takenAt: "timestamptz(3)", textCipher: "text", authorNameCipher: "text", textSha256: "text", retainUntil: "timestamptz(3)",
};
export const ACTION_COLUMNS = { id: "uuid", orgId: "uuid", commentId: "uuid", accountId: "uuid", kind: '"ModerationActionKind"' };
