import { randomUUID } from "node:crypto";
import { baseEnv } from "@vetted/config";
import { db, acrossOrgs, rawSql } from "@vetted/db";
import { withPgClient } from "@vetted/db/testing";
import { createProducer, createProducerRedis, type Producer, type Redis } from "@vetted/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrgWithMembers, type TestOrg } from "../testing";
import { ingestMetaWebhook } from "./ingest-meta-webhook";
import { connectTestAccount, feedBody, PHI_COMMENT, RecordingPlatformClient, signed } from "./moderation-test-helpers";
import { processCommentEvent } from "./process-comment-event";

// The evidence tables cannot be rewritten: WebhookDelivery is append-only for everyone (trigger) and
// read/append for the app role; CommentSnapshot too, except that a row past its retainUntil may be
// deleted (the purge, 20261206093000_comment_sla); CommentEvent only lets its outbox marks be set.

const prefix = `vetted-test-${randomUUID().slice(0, 8)}`;
let redis: Redis;
let producer: Producer;
let a: TestOrg;
let ids: { delivery: string; event: string; snapshot: string };

beforeAll(async () => {
  redis = createProducerRedis(baseEnv().REDIS_URL);
  producer = createProducer(redis, { prefix });
  a = await createOrgWithMembers();
  const page = await connectTestAccount(a.org.id, a.users.ADMIN.id);
  const commentId = `${page.externalId}_5_${randomUUID().slice(0, 6)}`;
  const { deliveryId } = await ingestMetaWebhook(signed(feedBody([{ pageId: page.externalId, commentId, verb: "add", message: PHI_COMMENT, time: 1_800_000_000 }])), { producer });
  const event = await db().commentEvent.findFirstOrThrow({ where: { orgId: a.org.id, objectId: commentId } });
  await processCommentEvent({ orgId: a.org.id, commentEventId: event.id }, { clients: () => new RecordingPlatformClient() });
  const snapshot = await db().commentSnapshot.findFirstOrThrow({ where: { orgId: a.org.id, commentId: (await db().socialComment.findFirstOrThrow({ where: { orgId: a.org.id, externalId: commentId } })).id } });
  ids = { delivery: deliveryId, event: event.id, snapshot: snapshot.id };
});

afterAll(async () => {
  await producer.queue("comments").obliterate({ force: true });
  await producer.close();
  await redis.quit();
});

describe("moderation tables", () => {
  it("the app role may not change or remove a delivery, a snapshot or an event", async () => {
    const app = rawSql(db(), acrossOrgs("test: what the app role may do to these tables"));
    await expect(app.execute`UPDATE "WebhookDelivery" SET "bodyBytes" = 1 WHERE id = ${ids.delivery}::uuid`).rejects.toThrow(/permission denied/);
    await expect(app.execute`UPDATE "CommentSnapshot" SET "retainUntil" = now() WHERE id = ${ids.snapshot}::uuid`).rejects.toThrow(/permission denied/);
    // The app may delete snapshots now, but the trigger refuses one still within its retention.
    await expect(app.execute`DELETE FROM "CommentSnapshot" WHERE id = ${ids.snapshot}::uuid`).rejects.toThrow(/kept until retainUntil/);
    await expect(app.execute`TRUNCATE "CommentSnapshot"`).rejects.toThrow(/permission denied/);
    await expect(app.execute`UPDATE "CommentEvent" SET "verb" = 'remove' WHERE id = ${ids.event}::uuid`).rejects.toThrow(/permission denied/);
    await expect(app.execute`DELETE FROM "CommentEvent" WHERE id = ${ids.event}::uuid`).rejects.toThrow(/permission denied/);
  });

  it("the triggers stop the owner too; only the outbox marks of an event may be set, processedAt once", async () => {
    await withPgClient(async (owner) => {
      await expect(owner.query(`UPDATE "WebhookDelivery" SET "bodyBytes" = 1 WHERE id = $1`, [ids.delivery])).rejects.toThrow(/append-only/);
      await expect(owner.query(`DELETE FROM "CommentSnapshot" WHERE id = $1`, [ids.snapshot])).rejects.toThrow(/kept until retainUntil/);
      await expect(owner.query(`UPDATE "CommentSnapshot" SET "retainUntil" = "takenAt" + interval '1 second' WHERE id = $1`, [ids.snapshot])).rejects.toThrow(/kept until retainUntil/);
      await expect(owner.query(`UPDATE "CommentEvent" SET "objectId" = 'x' WHERE id = $1`, [ids.event])).rejects.toThrow(/append-only/);
      await expect(owner.query(`UPDATE "CommentEvent" SET "processedAt" = NULL WHERE id = $1`, [ids.event])).rejects.toThrow(/append-only/);
      await expect(owner.query(`UPDATE "CommentEvent" SET "enqueuedAt" = now() WHERE id = $1`, [ids.event])).resolves.toBeTruthy();
    });
    expect(await db().commentEvent.findFirst({ where: { id: ids.event, orgId: a.org.id } })).toMatchObject({ processedAt: expect.any(Date), verb: "add" });
  });
});
