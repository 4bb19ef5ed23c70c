import { db, type Channel } from "@vetted/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrgWithMembers, type TestOrg } from "../testing";
import { openField } from "./moderation-crypto";
import { CLEAN_COMMENT, closeTestProducer, connectTestAccount, createTestProducer, FakePlatform, PHI_COMMENT } from "./moderation-test-helpers";
import { processCommentEvent } from "./process-comment-event";
import { reconcilePostComments, type ReconcileOptions } from "./reconcile-post-comments";

// The reconciliation poll against a platform in memory: which posts are polled, that what differs
// goes through the comment events (and a second poll adds nothing), the claim that keeps two
// pollers off one post, the bounds of a run, and what a refused token or a deleted post does.
// Every run is limited to the test's org (the database is shared with other files).

let producer: ReturnType<typeof createTestProducer>;
const DAY = 86_400_000;

beforeAll(() => {
  producer = createTestProducer();
});
afterAll(() => closeTestProducer(producer));

async function publishedPost(orgId: string, authorId: string, externalId: string, handedOffAt = new Date(), channel: Channel = "FACEBOOK") {
  const post = await db().post.create({ data: { orgId, authorId, title: "Open house", state: "PUBLISHED", channels: [channel] } });
  const revision = await db().postRevision.create({ data: { orgId, postId: post.id, number: 1, text: "Come to our open house", createdById: authorId } });
  return db().publishHandoff.create({ data: { orgId, postId: post.id, revisionId: revision.id, channel, publisher: "test", externalId, handedOffAt } });
}

async function setup() {
  const org = await createOrgWithMembers();
  const account = await connectTestAccount(org.org.id, org.users.ADMIN.id);
  return { org, account, page: account.externalId };
}

const poll = (org: TestOrg, fake: FakePlatform, extra: Partial<ReconcileOptions> = {}) =>
  reconcilePostComments({ clients: () => fake, producer: producer.producer, orgId: org.org.id, ...extra });
const makeDue = (orgId: string) => db().commentPoll.updateMany({ where: { orgId }, data: { nextPollAt: new Date(Date.now() - 1000) } });
const events = (orgId: string) => db().commentEvent.findMany({ where: { orgId }, orderBy: [{ createdAt: "asc" }, { objectId: "asc" }] });

describe("reconcilePostComments", () => {
  it("feeds a comment whose webhook never came through the comment events; a second poll is a no-op", async () => {
    const { org, account, page } = await setup();
    const handoff = await publishedPost(org.org.id, org.users.ADMIN.id, `${page}_1`);
    const fake = new FakePlatform();
    const phi = fake.comment(handoff.externalId!, { externalId: `${page}_1_11`, text: PHI_COMMENT });
    const clean = fake.comment(handoff.externalId!, { externalId: `${page}_1_12`, text: CLEAN_COMMENT });

    expect(await poll(org, fake)).toEqual({ seeded: 1, polled: 1, listed: 2, events: 2, failed: 0 });
    const [pollRow] = await db().commentPoll.findMany({ where: { orgId: org.org.id } });
    expect(pollRow).toMatchObject({ accountId: account.id, handoffId: handoff.id, postExternalId: handoff.externalId, polls: 1, cursor: null, lastErrorCode: null });
    expect(pollRow!.pollUntil.getTime() - handoff.handedOffAt.getTime()).toBe(7 * DAY);
    expect(pollRow!.nextPollAt.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
    const fed = await events(org.org.id);
    expect(fed.map((e) => [e.objectId, e.verb, e.deliveryId, e.postExternalId])).toEqual([
      [phi.externalId, "add", pollRow!.id, handoff.externalId], [clean.externalId, "add", pollRow!.id, handoff.externalId],
    ]);
    // Queued like a webhook's; the text sealed to the event, never in the clear.
    expect(fed.every((e) => e.enqueuedAt !== null)).toBe(true);
    expect(openField(fed[0]!.textCipher!, "comment-event", org.org.id, fed[0]!.id, "text")).toBe(PHI_COMMENT);

    // The worker applies them: the PHI comment is hidden, the clean one stays.
    for (const e of fed) await processCommentEvent({ orgId: org.org.id, commentEventId: e.id }, { clients: () => fake });
    const stored = await db().socialComment.findMany({ where: { orgId: org.org.id }, orderBy: { externalId: "asc" } });
    expect(stored.map((c) => [c.externalId, c.verdict, c.hiddenAt !== null, c.postId])).toEqual([[phi.externalId, "block", true, handoff.postId], [clean.externalId, "allow", false, handoff.postId]]);
    expect(fake.calls.map((c) => [c.op, c.commentId])).toEqual([["hide", phi.externalId]]);

    // Polled again: the platform shows what is stored, nothing is added.
    await makeDue(org.org.id);
    expect(await poll(org, fake)).toEqual({ seeded: 0, polled: 1, listed: 2, events: 0, failed: 0 });
    expect(await events(org.org.id)).toHaveLength(2);

    // An edit whose webhook was lost is found; listing it again before the worker ran adds nothing.
    fake.comment(handoff.externalId!, { ...clean, text: `${CLEAN_COMMENT} See you there.` });
    await makeDue(org.org.id);
    expect(await poll(org, fake)).toMatchObject({ polled: 1, events: 1 });
    await makeDue(org.org.id);
    expect(await poll(org, fake)).toMatchObject({ polled: 1, events: 0 });
    expect((await events(org.org.id)).map((e) => e.verb)).toEqual(["add", "add", "edited"]);
    expect(fake.lists).toHaveLength(4);
  });

  it("polls the posts of ACTIVE accounts handed off in the last 7 days, a Facebook post only with its own Page", async () => {
    const { org, page } = await setup();
    const expired = await connectTestAccount(org.org.id, org.users.ADMIN.id);
    await db().connectedAccount.updateMany({ where: { id: expired.id, orgId: org.org.id }, data: { status: "EXPIRED" } });
    const fresh = await publishedPost(org.org.id, org.users.ADMIN.id, `${page}_2`);
    await publishedPost(org.org.id, org.users.ADMIN.id, `${page}_3`, new Date(Date.now() - 8 * DAY));
    await publishedPost(org.org.id, org.users.ADMIN.id, `${expired.externalId}_4`);
    await publishedPost(org.org.id, org.users.ADMIN.id, `99999_5`);
    const fake = new FakePlatform();
    fake.comment(fresh.externalId!, { externalId: `${page}_2_1`, text: CLEAN_COMMENT });
    expect(await poll(org, fake)).toMatchObject({ seeded: 1, polled: 1 });
    expect(fake.lists).toEqual([fresh.externalId]);
  });

  it("two pollers at once: one lists the post, the other finds it claimed", async () => {
    const { org, page } = await setup();
    const handoff = await publishedPost(org.org.id, org.users.ADMIN.id, `${page}_6`);
    const fake = new FakePlatform();
    fake.listDelayMs = 300;
    fake.comment(handoff.externalId!, { externalId: `${page}_6_1`, text: CLEAN_COMMENT });
    await poll(org, fake, { limit: 0 });
    const runs = await Promise.all([poll(org, fake), poll(org, fake)]);
    expect(runs.map((r) => r.polled).sort()).toEqual([0, 1]);
    expect(fake.lists).toEqual([handoff.externalId]);
    expect(await events(org.org.id)).toHaveLength(1);
  });

  it("is bounded: `limit` posts and `maxPages` pages a run; a long listing goes on from its cursor", async () => {
    const { org, page } = await setup();
    const fake = new FakePlatform();
    fake.pageSize = 2;
    // Oldest hand-off first among posts due together.
    for (const n of [8, 9]) fake.comment((await publishedPost(org.org.id, org.users.ADMIN.id, `${page}_${n}`, new Date(Date.now() - n * 60_000))).externalId!, { externalId: `${page}_${n}_1`, text: CLEAN_COMMENT });
    const long = await publishedPost(org.org.id, org.users.ADMIN.id, `${page}_7`, new Date(Date.now() - 60_000));
    for (let i = 1; i <= 5; i++) fake.comment(long.externalId!, { externalId: `${page}_7_${i}`, text: `${CLEAN_COMMENT} ${i}` });
    const run = () => poll(org, fake, { limit: 2, maxPages: 2 });

    expect(await run()).toMatchObject({ seeded: 3, polled: 2, listed: 2 });
    expect(fake.lists).toEqual([`${page}_9`, `${page}_8`]);
    expect(await run()).toMatchObject({ polled: 1, listed: 4 });
    // Cut short after 2 pages: the cursor is kept and the post is due again at once.
    const cut = await db().commentPoll.findFirstOrThrow({ where: { orgId: org.org.id, postExternalId: long.externalId! } });
    expect(cut).toMatchObject({ cursor: "4", polls: 1 });
    expect(cut.nextPollAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await run()).toMatchObject({ polled: 1, listed: 1 });
    expect(await db().commentPoll.findFirstOrThrow({ where: { orgId: org.org.id, postExternalId: long.externalId! } })).toMatchObject({ cursor: null, polls: 2 });
    expect(new Set((await events(org.org.id)).map((e) => e.objectId)).size).toBe(7);
    expect(await run()).toMatchObject({ polled: 0 });
  });

  it("a refused token marks the account and tells its admins; a deleted post is not polled any more", async () => {
    const { org, account, page } = await setup();
    const handoff = await publishedPost(org.org.id, org.users.ADMIN.id, `${page}_10`);
    const fake = new FakePlatform();
    fake.comment(handoff.externalId!, { externalId: `${page}_10_1`, text: CLEAN_COMMENT });
    fake.failNextList("TOKEN_INVALID");
    expect(await poll(org, fake)).toMatchObject({ polled: 0, failed: 1 });
    expect(await db().connectedAccount.findFirstOrThrow({ where: { id: account.id, orgId: org.org.id } })).toMatchObject({ status: "EXPIRED", lastErrorCode: "TOKEN_INVALID" });
    expect(await db().notification.count({ where: { orgId: org.org.id, kind: "account_disconnected", userId: org.users.ADMIN.id } })).toBe(1);
    expect(await db().commentPoll.findFirstOrThrow({ where: { orgId: org.org.id } })).toMatchObject({ lastErrorCode: "TOKEN_INVALID" });
    // Not ACTIVE: not polled, even when due.
    await makeDue(org.org.id);
    expect(await poll(org, fake)).toMatchObject({ polled: 0, failed: 0 });

    // Reconnected: polled again; then the post is deleted on the platform, and polling it stops.
    await db().connectedAccount.updateMany({ where: { id: account.id, orgId: org.org.id }, data: { status: "ACTIVE" } });
    expect(await poll(org, fake)).toMatchObject({ polled: 1, events: 1 });
    fake.posts.delete(handoff.externalId!);
    await makeDue(org.org.id);
    expect(await poll(org, fake)).toMatchObject({ polled: 0, failed: 1 });
    const stopped = await db().commentPoll.findFirstOrThrow({ where: { orgId: org.org.id } });
    expect(stopped.lastErrorCode).toBe("NOT_FOUND");
    expect(stopped.pollUntil.getTime()).toBeLessThanOrEqual(Date.now());
    await makeDue(org.org.id);
    expect(await poll(org, fake)).toMatchObject({ seeded: 0, polled: 0 });
    expect(fake.lists).toHaveLength(3);
  });
});
