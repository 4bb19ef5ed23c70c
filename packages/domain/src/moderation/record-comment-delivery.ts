import { randomUUID } from "node:crypto";
import { pgDirect, type Channel, acrossOrgs, rawSql } from "@vetted/db";
import { encryptField } from "../consents/crypto";
import type { CommentChange } from "../platforms/comment-change";
import { webRequestId, type RequestOrigin } from "../request-origin";
import { commentDedupeKey } from "./comment-dedupe";
import type { NewCommentEvent } from "./dispatch-comment-events";
import { deliveryAad, sealOptional, sha256Hex } from "./moderation-crypto";

export interface RecordedDelivery {
  deliveryId: string;
  /** The events inserted now (duplicates of earlier deliveries insert nothing). */
  events: NewCommentEvent[];
  /** Changes for accounts no org has connected (or has revoked): kept in the delivery, not processed. */
  skipped: number;
}

/**
 * One verified webhook delivery, atomically: the raw body stored first (encrypted, AAD bound to the
 * delivery id, since it can carry several orgs' accounts), then one CommentEvent per change for the
 * org whose account it names. The dedupe key's unique index turns a re-delivery into a no-op.
 * One account read, then one statement for both inserts: this runs while the platform waits for its
 * answer, and an interactive transaction's extra round trips were most of the route's cost. Each event
 * names the webhook request that delivered it (`origin`), which its job carries to the worker's log lines.
 */
export async function recordCommentDelivery(platform: Channel, rawBody: Uint8Array, changes: CommentChange[], origin?: RequestOrigin): Promise<RecordedDelivery> {
  const deliveryId = randomUUID();
  const accounts = changes.length === 0 ? [] : await routedAccounts(changes);
  const byKey = new Map(accounts.map((a) => [`${a.platform}:${a.externalId}`, a]));
  const rows = new Map<string, ReturnType<typeof commentEventRow>>();
  let skipped = 0;
  for (const change of changes) {
    const account = byKey.get(`${change.platform}:${change.accountExternalId}`);
    if (!account) {
      skipped++;
      continue;
    }
    const row = commentEventRow(change, account, deliveryId);
    if (!rows.has(row.dedupeKey)) rows.set(row.dedupeKey, row);
  }
  const orgIds = new Set([...rows.values()].map((r) => r.orgId));
  const delivery = {
    id: deliveryId, orgId: orgIds.size === 1 ? [...orgIds][0]! : null, platform,
    bodyCipher: encryptField(Buffer.from(rawBody).toString("utf8"), deliveryAad(deliveryId)),
    bodySha256: sha256Hex(rawBody), bodyBytes: rawBody.byteLength,
    changeCount: changes.length, routedCount: changes.length - skipped, skippedCount: skipped,
  };
  const requestId = webRequestId(origin);
  const events = [...rows.values()].map((r) => ({ ...r, eventAt: r.eventAt.toISOString(), requestId }));
  // A CTE's inserts are one statement: both land or neither does. On the pg pool without Prisma
  // (pgDirect): the platform waits for the answer, and Prisma's CPU per statement is most of it.
  const inserted = await rawSql(pgDirect(), acrossOrgs("webhook delivery: routed to the orgs its accounts name, or to none")).query<NewCommentEvent[]>`
    WITH delivery AS (
      INSERT INTO "WebhookDelivery" (id, "orgId", platform, "bodyCipher", "bodySha256", "bodyBytes", "changeCount", "routedCount", "skippedCount")
      SELECT d.id, d."orgId", d.platform::"Channel", d."bodyCipher", d."bodySha256", d."bodyBytes", d."changeCount", d."routedCount", d."skippedCount"
      FROM jsonb_to_record(${JSON.stringify(delivery)}::jsonb) AS d(id uuid, "orgId" uuid, platform text, "bodyCipher" text, "bodySha256" text, "bodyBytes" int, "changeCount" int, "routedCount" int, "skippedCount" int)
      RETURNING id
    )
    INSERT INTO "CommentEvent" (id, "orgId", "accountId", "deliveryId", platform, "dedupeKey", "objectId", "parentId", "postExternalId", verb, "eventAt", "textCipher", "authorNameCipher", "requestId")
    SELECT e.id, e."orgId", e."accountId", (SELECT id FROM delivery), e.platform::"Channel", e."dedupeKey", e."objectId", e."parentId", e."postExternalId", e.verb, e."eventAt", e."textCipher", e."authorNameCipher", e."requestId"
    FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS e(id uuid, "orgId" uuid, "accountId" uuid, platform text, "dedupeKey" text, "objectId" text, "parentId" text, "postExternalId" text, verb text, "eventAt" timestamptz, "textCipher" text, "authorNameCipher" text, "requestId" uuid)
    ON CONFLICT ("dedupeKey") DO NOTHING
    RETURNING id::text AS id, "orgId"::text AS "orgId", "dedupeKey", "requestId"::text AS "requestId"`;
  return { deliveryId, events: inserted, skipped };
}

/**
 * The connected accounts (not revoked) the changes name. Cross-org on purpose: the account id on the
 * platform names the org; (platform, externalId) is unique. Raw SQL on pgDirect, not a Prisma query:
 * the number of accounts in a delivery changes the query's shape, and each new shape is compiled on
 * first use with the event loop blocked, while the platform waits for its answer (bench:comments, issue 17).
 */
async function routedAccounts(changes: CommentChange[]): Promise<{ id: string; orgId: string; platform: Channel; externalId: string }[]> {
  const pairs = new Map<string, { platform: Channel; externalId: string }>();
  for (const c of changes) pairs.set(`${c.platform}:${c.accountExternalId}`, { platform: c.platform, externalId: c.accountExternalId });
  const platforms = [...pairs.values()].map((p) => p.platform);
  const externalIds = [...pairs.values()].map((p) => p.externalId);
  return rawSql(pgDirect(), acrossOrgs("webhook routing: the platform's account id names the org")).query`
    SELECT a.id::text, a."orgId"::text, a.platform::text AS platform, a."externalId" FROM "ConnectedAccount" a
    JOIN unnest(${platforms}::text[], ${externalIds}::text[]) AS p(platform, "externalId") ON a.platform = p.platform::"Channel" AND a."externalId" = p."externalId"
    WHERE a.status <> 'REVOKED'`;
}

/**
 * The CommentEvent row for one change, its text and author sealed to the row. Also used by the
 * reconciliation poll (deliveryId is then the CommentPoll's id, dedupeKey its own: see comment-dedupe.ts).
 */
export function commentEventRow(change: Omit<CommentChange, "platform"> & { platform: Channel }, account: { id: string; orgId: string }, deliveryId: string, dedupeKey = commentDedupeKey(change)) {
  const id = randomUUID();
  return {
    id,
    orgId: account.orgId,
    accountId: account.id,
    deliveryId,
    platform: change.platform,
    dedupeKey,
    objectId: change.objectId,
    parentId: change.parentId ?? null,
    postExternalId: change.postExternalId ?? null,
    verb: change.verb,
    eventAt: new Date(change.time * 1000),
    textCipher: sealOptional(change.text, "comment-event", account.orgId, id, "text"),
    authorNameCipher: sealOptional(change.authorName, "comment-event", account.orgId, id, "author"),
  };
}
