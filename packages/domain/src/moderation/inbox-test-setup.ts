// Shared set-up of the inbox int tests (only *.int.test.ts import this file): comments made the way
// production makes them, through a signed delivery and the comment processor.
import { randomUUID } from "node:crypto";
import { db } from "@vetted/db";
import type { Producer } from "@vetted/queue";
import { ingestMetaWebhook } from "./ingest-meta-webhook";
import { feedBody, signed } from "./moderation-test-helpers";
import { processCommentEvent } from "./process-comment-event";

/** Our own sentences: a relative's surgery with a full name (block), and a harmless one. */
export const PHI_TEXT = "My daughter Philippa Oyelaran had her appendectomy in your ER on Friday, thank you to the night nurses";
export const CLEAN_TEXT = "Thank you for the lovely open house, the new garden looks great!";
export const AUTHOR = "Jonah Commenter";

/** A processed comment of `page` (a block one leaves a PENDING auto-hide: no connector here). */
export async function commentOn(producer: Producer, orgId: string, page: string, message: string, opts: { time?: number } = {}) {
  const externalId = `${page}_5_${randomUUID().slice(0, 8)}`;
  const time = opts.time ?? Math.floor(Date.now() / 1000) - 30;
  await ingestMetaWebhook(signed(feedBody([{ pageId: page, commentId: externalId, verb: "add", message, fromName: AUTHOR, time }])), { producer });
  const event = await db().commentEvent.findFirstOrThrow({ where: { orgId, objectId: externalId } });
  const processed = await processCommentEvent({ orgId, commentEventId: event.id });
  return { externalId, id: processed.commentId!, autoHideId: processed.actionIds[0] ?? null };
}
