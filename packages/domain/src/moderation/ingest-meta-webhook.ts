import { randomUUID } from "node:crypto";
import { metaEnv } from "@vetted/config";
import { ANY_ORG, db, type Channel } from "@vetted/db";
import type { Producer } from "@vetted/queue";
import { AppError } from "../errors";
import { scanProducer } from "../scans/scan-producer";
import { metaHandshakeChallenge, verifyMetaSignature } from "../platforms/meta-signature";
import { parseMetaWebhook, type CommentChange } from "../platforms/meta-webhook";
import { commentDedupeKey } from "./comment-dedupe";
import { dispatchCommentEventsNow, type NewCommentEvent } from "./dispatch-comment-events";
import { deliveryAad, sealOptional, sha256Hex } from "./moderation-crypto";
import { encryptField } from "../consents/crypto";

/** Meta batches up to 1,000 changes per delivery; a few hundred bytes each. */
export const META_WEBHOOK_MAX_BYTES = 1024 * 1024;

export interface MetaWebhookInput {
  rawBody: Uint8Array;
  /** The X-Hub-Signature-256 header as received. */
  signature: string | null;
}

export interface IngestResult {
  deliveryId: string;
  changes: number;
  newEvents: number;
  duplicates: number;
  /** Changes for pages no org has connected (or has revoked): kept in the delivery, not processed. */
  skipped: number;
  dispatched: number;
}

export interface IngestDeps {
  producer?: Producer;
  /** How long the answer may wait for Redis; what is not enqueued by then, the worker's sweeper sends. */
  dispatchBudgetMs?: number;
}

/**
 * A signed Meta delivery: verify, store it (encrypted), turn each comment change into a CommentEvent
 * for the org whose account it names (duplicates are no-ops through the dedupe key), then hand the
 * new events to the queue. Nothing is scanned here: the platform wants its answer within seconds.
 * A bad or missing signature stores nothing (UNAUTHENTICATED, answered 401).
 */
export async function ingestMetaWebhook(input: MetaWebhookInput, deps: IngestDeps = {}): Promise<IngestResult> {
  if (input.rawBody.byteLength > META_WEBHOOK_MAX_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", `Webhook body is larger than ${META_WEBHOOK_MAX_BYTES} bytes`);
  if (!verifyMetaSignature(input.rawBody, input.signature, metaEnv().META_APP_SECRET)) {
    throw new AppError("UNAUTHENTICATED", "Missing or invalid X-Hub-Signature-256");
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(input.rawBody).toString("utf8"));
  } catch {
    throw new AppError("VALIDATION", "Webhook body is not valid JSON", { _: ["Malformed JSON"] });
  }
  const changes = parseMetaWebhook(json);
  const platform: Channel = (json as { object?: unknown }).object === "instagram" ? "INSTAGRAM" : "FACEBOOK";

  const deliveryId = randomUUID();
  const { events, skipped } = await db().$transaction(async (tx) => {
    const accounts = changes.length === 0 ? [] : await tx.connectedAccount.findMany({
      // Cross-org on purpose: the page id names the org. (platform, externalId) is unique.
      where: { orgId: ANY_ORG, status: { not: "REVOKED" }, OR: uniquePairs(changes) },
      select: { id: true, orgId: true, platform: true, externalId: true },
    });
    const byKey = new Map(accounts.map((a) => [`${a.platform}:${a.externalId}`, a]));
    const rows = new Map<string, ReturnType<typeof eventRow>>();
    let skippedCount = 0;
    for (const change of changes) {
      const account = byKey.get(`${change.platform}:${change.accountExternalId}`);
      if (!account) {
        skippedCount++;
        continue;
      }
      const row = eventRow(change, account, deliveryId);
      if (!rows.has(row.dedupeKey)) rows.set(row.dedupeKey, row);
    }
    const orgIds = new Set([...rows.values()].map((r) => r.orgId));
    await tx.webhookDelivery.create({
      data: {
        id: deliveryId,
        orgId: orgIds.size === 1 ? [...orgIds][0]! : null,
        platform,
        bodyCipher: encryptField(Buffer.from(input.rawBody).toString("utf8"), deliveryAad(deliveryId)),
        bodySha256: sha256Hex(input.rawBody),
        bodyBytes: input.rawBody.byteLength,
        changeCount: changes.length,
        routedCount: changes.length - skippedCount,
        skippedCount,
      },
      select: { id: true },
    });
    const inserted = rows.size === 0 ? [] : await tx.commentEvent.createManyAndReturn({
      data: [...rows.values()],
      skipDuplicates: true,
      select: { id: true, orgId: true, dedupeKey: true },
    });
    return { events: inserted as NewCommentEvent[], skipped: skippedCount };
  });

  const dispatched = await dispatchCommentEventsNow(events, deps.producer ?? scanProducer(), deps.dispatchBudgetMs ?? 300);
  const routed = changes.length - skipped;
  return { deliveryId, changes: changes.length, newEvents: events.length, duplicates: routed - events.length, skipped, dispatched };
}

function uniquePairs(changes: CommentChange[]) {
  const seen = new Map<string, { platform: Channel; externalId: string }>();
  for (const c of changes) seen.set(`${c.platform}:${c.accountExternalId}`, { platform: c.platform, externalId: c.accountExternalId });
  return [...seen.values()];
}

function eventRow(change: CommentChange, account: { id: string; orgId: string }, deliveryId: string) {
  const id = randomUUID();
  return {
    id,
    orgId: account.orgId,
    accountId: account.id,
    deliveryId,
    platform: change.platform,
    dedupeKey: commentDedupeKey(change),
    objectId: change.objectId,
    parentId: change.parentId ?? null,
    postExternalId: change.postExternalId ?? null,
    verb: change.verb,
    eventAt: new Date(change.time * 1000),
    textCipher: sealOptional(change.text, "comment-event", account.orgId, id, "text"),
    authorNameCipher: sealOptional(change.authorName, "comment-event", account.orgId, id, "author"),
  };
}

/**
 * The subscription handshake (GET): the challenge to echo when hub.verify_token matches
 * META_VERIFY_TOKEN, else FORBIDDEN (answered 403).
 */
export function answerMetaHandshake(params: URLSearchParams): string {
  const challenge = metaHandshakeChallenge(params, metaEnv().META_VERIFY_TOKEN);
  if (challenge === null) throw new AppError("FORBIDDEN", "Verification token does not match");
  return challenge;
}
