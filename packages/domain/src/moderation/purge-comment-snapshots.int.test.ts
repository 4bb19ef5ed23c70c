import { randomUUID } from "node:crypto";
import { db } from "@vetted/db";
import { withPgClient } from "@vetted/db/testing";
import type { Producer, Redis } from "@vetted/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, createOrgWithMembers, type TestOrg } from "../testing";
import { CLEAN_TEXT, commentOn } from "./inbox-test-setup";
import { closeTestProducer, connectTestAccount, twoConnectedOrgs } from "./moderation-test-helpers";
import { sealField, sha256Hex } from "./moderation-crypto";
import { purgeExpiredCommentSnapshots } from "./purge-comment-snapshots";

let redis: Redis;
let producer: Producer;
let a: TestOrg;
let b: TestOrg;
let commentA: string;
let commentB: string;

beforeAll(async () => {
  const set = await twoConnectedOrgs();
  ({ redis, producer, a, b } = set);
  commentA = (await commentOn(producer, a.org.id, set.pageA, CLEAN_TEXT)).id;
  commentB = (await commentOn(producer, b.org.id, set.pageB, CLEAN_TEXT)).id;
});
afterAll(() => closeTestProducer({ redis, producer }));

const DAY = 86_400_000;

/** A snapshot as decide-comment writes one, taken `ageDays` ago and kept `keptDays`. */
async function snapshot(org: TestOrg, commentId: string, ageDays: number, keptDays: number) {
  const id = randomUUID();
  const takenAt = new Date(Date.now() - ageDays * DAY);
  await db().commentSnapshot.create({
    data: {
      id, orgId: org.org.id, commentId, takenAt, textSha256: sha256Hex(CLEAN_TEXT),
      textCipher: sealField(CLEAN_TEXT, "comment-snapshot", org.org.id, id, "text"),
      retainUntil: new Date(takenAt.getTime() + keptDays * DAY),
    },
  });
  return id;
}
const exists = (org: TestOrg, id: string) => db().commentSnapshot.count({ where: { orgId: org.org.id, id } });

describe("purging comment snapshots past their retention", () => {
  it("deletes only expired snapshots, per org, with one audit event of counts per org and run", async () => {
    const expiredA = [await snapshot(a, commentA, 2200, 2190), await snapshot(a, commentA, 2195, 2190)];
    const keptA = await snapshot(a, commentA, 2000, 2190);
    const expiredB = await snapshot(b, commentB, 40, 30);

    const result = await purgeExpiredCommentSnapshots();
    expect(result.purged).toBeGreaterThanOrEqual(3);
    for (const id of [...expiredA, expiredB]) expect(await exists(id === expiredB ? b : a, id)).toBe(0);
    expect(await exists(a, keptA)).toBe(1);

    const eventsA = await auditEventsFor(a.org.id, { action: "comment_snapshot.purged" });
    expect(eventsA.map((e) => [e.actorId, e.actorLabel, e.targetType, e.metadata])).toEqual([[null, "worker", "Organization", { purged: 2, stillExpired: 0 }]]);
    expect((await auditEventsFor(b.org.id, { action: "comment_snapshot.purged" })).map((e) => e.metadata)).toEqual([{ purged: 1, stillExpired: 0 }]);

    // Nothing left to purge: nothing deleted, nothing audited.
    await purgeExpiredCommentSnapshots();
    expect(await auditEventsFor(a.org.id, { action: "comment_snapshot.purged" })).toHaveLength(1);
  });

  it("takes at most the limit per org and run, saying how many expired ones are left", async () => {
    const org = await createOrgWithMembers();
    const page = (await connectTestAccount(org.org.id, org.users.ADMIN.id)).externalId;
    const commentId = (await commentOn(producer, org.org.id, page, CLEAN_TEXT)).id;
    for (let i = 0; i < 3; i++) await snapshot(org, commentId, 3000 + i, 2190);
    await purgeExpiredCommentSnapshots(new Date(), 2);
    expect(await db().commentSnapshot.count({ where: { orgId: org.org.id } })).toBe(1);
    expect((await auditEventsFor(org.org.id, { action: "comment_snapshot.purged" })).map((e) => e.metadata)).toEqual([{ purged: 2, stillExpired: 1 }]);
  });

  it("the database itself refuses to delete a snapshot within its retention, even for the owner", async () => {
    const kept = await snapshot(a, commentA, 1, 2190);
    await expect(db().commentSnapshot.deleteMany({ where: { orgId: a.org.id, id: kept } })).rejects.toThrow(/kept until retainUntil/);
    await withPgClient(async (owner) => {
      await expect(owner.query(`DELETE FROM "CommentSnapshot" WHERE id = $1`, [kept])).rejects.toThrow(/kept until retainUntil/);
      await expect(owner.query(`UPDATE "CommentSnapshot" SET "textSha256" = $2 WHERE id = $1`, [kept, "0".repeat(64)])).rejects.toThrow(/kept until retainUntil/);
      await expect(owner.query(`TRUNCATE "CommentSnapshot"`)).rejects.toThrow(/append-only/);
    });
    expect(await exists(a, kept)).toBe(1);
  });
});
