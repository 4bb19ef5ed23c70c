import { db, acrossOrgs, rawSql } from "@vetted/db";
import { sendModerationAction, type SendOptions, type SendOutcome } from "./send-moderation-action";

export type ModerationDispatchResult = Record<Lowercase<SendOutcome>, number>;

/**
 * The moderation outbox sweeper, run by the worker every second: every PENDING action that is due,
 * of an ACTIVE account, is sent (sendModerationAction claims each one, so sweeps in several workers
 * and the processor's fast path never send one twice). Cross-org on purpose: raw SQL naming the org.
 */
export async function dispatchPendingModerationActions(opts: SendOptions & { limit?: number }): Promise<ModerationDispatchResult> {
  const due = await rawSql(db(), acrossOrgs("moderation outbox: the due actions of every org")).query<{ id: string; orgId: string }[]>`
    SELECT a.id::text, a."orgId"::text FROM "ModerationAction" a
    JOIN "ConnectedAccount" c ON c.id = a."accountId" AND c."orgId" = a."orgId" AND c.status = 'ACTIVE'
    WHERE a.status = 'PENDING' AND a."nextAttemptAt" <= ${new Date()}
    ORDER BY a."nextAttemptAt" LIMIT ${opts.limit ?? 50}`;
  const result: ModerationDispatchResult = { sent: 0, failed: 0, retry: 0, deferred: 0, skipped: 0 };
  for (const row of due) {
    const outcome = await sendModerationAction(row.orgId, row.id, opts);
    result[outcome.toLowerCase() as Lowercase<SendOutcome>]++;
  }
  return result;
}
