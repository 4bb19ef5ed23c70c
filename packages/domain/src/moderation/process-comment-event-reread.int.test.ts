import { randomUUID } from "node:crypto";
import { db } from "@vetted/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { ingestMetaWebhook } from "./ingest-meta-webhook";
import { openField } from "./moderation-crypto";
import { CLEAN_COMMENT, closeTestProducer, connectTestAccount, createTestProducer, FakePlatform, feedBody, PHI_COMMENT, signed, type FeedChange } from "./moderation-test-helpers";
import { processCommentEvent } from "./process-comment-event";
import { sendModerationAction } from "./send-moderation-action";

// Events are hints: with a connector that can read comments, the worker re-reads each event's
// comment under the comment's lock and applies what the platform says now (FakePlatform here; the
// worker's tests do the same against the simulator over HTTP).

let producer: ReturnType<typeof createTestProducer>;
let org: TestOrg;
let page: string;
const T0 = Math.floor(Date.now() / 1000) - 600;
const POST = () => `${page}_1`;
const newId = () => `${page}_3_${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  producer = createTestProducer();
  org = await createOrgWithMembers();
  page = (await connectTestAccount(org.org.id, org.users.ADMIN.id)).externalId;
});

afterAll(() => closeTestProducer(producer));

async function deliver(change: Omit<FeedChange, "pageId">, orgId = org.org.id, pageId = page) {
  await ingestMetaWebhook(signed(feedBody([{ postId: POST(), ...change, pageId }])), { producer: producer.producer });
  return db().commentEvent.findFirstOrThrow({ where: { orgId, objectId: change.commentId, verb: change.verb }, orderBy: { createdAt: "desc" } });
}
const run = (eventId: string, fake: FakePlatform, orgId = org.org.id) => processCommentEvent({ orgId, commentEventId: eventId }, { clients: () => fake });
const comment = (externalId: string, orgId = org.org.id) => db().socialComment.findFirstOrThrow({ where: { orgId, externalId } });
const textOf = (c: { id: string; orgId: string; textCipher: string | null }) => openField(c.textCipher!, "social-comment", c.orgId, c.id, "text");

describe("processCommentEvent re-reads the comment", () => {
  it("applies the platform's text, not the event's: an edit arriving before its create, then the late create", async () => {
    const fake = new FakePlatform();
    const id = newId();
    fake.comment(POST(), { externalId: id, text: PHI_COMMENT, createdAt: new Date(T0 * 1000) });
    const edit = await deliver({ commentId: id, verb: "edited", message: PHI_COMMENT, time: T0 + 60 });
    const create = await deliver({ commentId: id, verb: "add", message: CLEAN_COMMENT, time: T0 });
    expect(await run(edit.id, fake)).toMatchObject({ outcome: "APPLIED", actionIds: [expect.any(String)] });
    expect(await run(create.id, fake)).toMatchObject({ outcome: "IGNORED", actionIds: [] });
    const c = await comment(id);
    expect(textOf(c)).toBe(PHI_COMMENT);
    // The text dates from when it was posted (the reply window counts from there).
    expect(c).toMatchObject({ verdict: "block", status: "HIDDEN_PENDING_REVIEW", lastEventAt: new Date(T0 * 1000), hiddenAt: expect.any(Date) });
    expect(fake.reads).toEqual([id, id]);
    expect(fake.calls.map((x) => x.op)).toEqual(["hide"]);
    const trail = await db().auditEvent.findMany({ where: { orgId: org.org.id, targetId: c.id, action: "comment.event" }, orderBy: { seq: "asc" } });
    expect(trail.map((e) => e.metadata)).toEqual([
      expect.objectContaining({ source: "platform", onPlatform: true, plan: "create", verdict: "block" }),
      expect.objectContaining({ source: "platform", onPlatform: true, plan: "ignore", reason: "NO_CHANGE" }),
    ]);
  });

  it("a comment deleted on the platform before the worker acts is marked deleted: no hide is written or sent", async () => {
    const fake = new FakePlatform();
    const id = newId();
    const event = await deliver({ commentId: id, verb: "add", message: PHI_COMMENT, time: T0 });
    expect(await run(event.id, fake)).toMatchObject({ outcome: "APPLIED", actionIds: [] });
    const c = await comment(id);
    expect(c).toMatchObject({ textCipher: null, verdict: null, status: "NEW", hiddenAt: null, deletedAt: expect.any(Date) });
    expect(await db().moderationAction.count({ where: { orgId: org.org.id, commentId: c.id } })).toBe(0);
    expect(await db().commentSnapshot.count({ where: { orgId: org.org.id, commentId: c.id } })).toBe(0);
    expect(fake.calls).toEqual([]);
    expect(await db().commentEvent.findFirstOrThrow({ where: { id: event.id, orgId: org.org.id } })).toMatchObject({ processedAt: expect.any(Date) });
  });

  it("a delete after the hide: the remove's re-read finds it gone, the hide stays recorded", async () => {
    const fake = new FakePlatform();
    const id = newId();
    fake.comment(POST(), { externalId: id, text: PHI_COMMENT });
    await run((await deliver({ commentId: id, verb: "add", message: PHI_COMMENT, time: T0 })).id, fake);
    const hiddenAt = (await comment(id)).hiddenAt;
    expect(hiddenAt).not.toBeNull();
    fake.remove(id);
    await run((await deliver({ commentId: id, verb: "remove", time: T0 + 30 })).id, fake);
    expect(await comment(id)).toMatchObject({ hiddenAt, deletedAt: new Date((T0 + 30) * 1000) });
    // The hide's own echo, late: nothing more happens and nothing is read (deleted is final).
    expect(await run((await deliver({ commentId: id, verb: "hide", time: T0 + 5 })).id, fake)).toMatchObject({ outcome: "IGNORED" });
    expect(fake.calls.map((x) => x.op)).toEqual(["hide"]);
    expect(fake.reads).toEqual([id, id]);
  });

  it("a hide that finds the comment gone (Graph 100/33) fails for good and marks the comment deleted", async () => {
    const fake = new FakePlatform();
    const id = newId();
    fake.comment(POST(), { externalId: id, text: PHI_COMMENT });
    fake.failNext("NOT_FOUND");
    const { actionIds } = await run((await deliver({ commentId: id, verb: "add", message: PHI_COMMENT, time: T0 })).id, fake);
    expect(await db().moderationAction.findFirstOrThrow({ where: { id: actionIds[0]!, orgId: org.org.id } })).toMatchObject({ status: "FAILED", lastErrorCode: "NOT_FOUND", attempts: 1 });
    expect(await comment(id)).toMatchObject({ hiddenAt: null, deletedAt: expect.any(Date) });
    expect(await sendModerationAction(org.org.id, actionIds[0]!, { clients: () => fake })).toBe("SKIPPED");
    expect(fake.calls).toEqual([]);
  });

  it("follows a visibility change made on the platform, whichever event brought the comment up", async () => {
    const fake = new FakePlatform();
    const id = newId();
    fake.comment(POST(), { externalId: id, text: CLEAN_COMMENT, hidden: true });
    await run((await deliver({ commentId: id, verb: "add", message: CLEAN_COMMENT, time: T0 })).id, fake);
    expect(await comment(id)).toMatchObject({ verdict: "allow", hiddenAt: expect.any(Date), status: "NEW" });
    fake.comment(POST(), { externalId: id, text: CLEAN_COMMENT, hidden: false });
    await run((await deliver({ commentId: id, verb: "unhide", time: T0 + 10 })).id, fake);
    expect(await comment(id)).toMatchObject({ hiddenAt: null, visibilityEventAt: new Date((T0 + 10) * 1000) });
    expect(fake.calls).toEqual([]);
  });

  it("a refused token: the account is EXPIRED, its admins told once, the event left for later and FORBIDDEN thrown", async () => {
    const other = await createOrgWithMembers();
    const account = await connectTestAccount(other.org.id, other.users.ADMIN.id);
    const fake = new FakePlatform();
    const id = `${account.externalId}_3_${randomUUID().slice(0, 8)}`;
    fake.comment(`${account.externalId}_1`, { externalId: id, text: PHI_COMMENT });
    const first = await deliver({ commentId: id, verb: "add", message: PHI_COMMENT, time: T0, postId: `${account.externalId}_1` }, other.org.id, account.externalId);
    fake.failNextRead("TOKEN_INVALID");
    // The job of a webhook delivery: the admins' mail names that request (issue 15).
    const requestId = randomUUID();
    await expectAppError(processCommentEvent({ orgId: other.org.id, commentEventId: first.id, requestId }, { clients: () => fake }), "FORBIDDEN");
    expect(await db().connectedAccount.findFirstOrThrow({ where: { id: account.id, orgId: other.org.id } })).toMatchObject({ status: "EXPIRED", lastErrorCode: "TOKEN_INVALID" });
    expect((await db().notification.findMany({ where: { orgId: other.org.id, kind: "account_disconnected" } })).map((n) => n.userId)).toEqual([other.users.ADMIN.id]);
    expect(await db().outboxMail.count({ where: { requestId } })).toBe(1);
    expect(await db().commentEvent.findFirstOrThrow({ where: { id: first.id, orgId: other.org.id } })).toMatchObject({ processedAt: null });
    expect(await db().socialComment.count({ where: { orgId: other.org.id } })).toBe(0);

    // Another event of the expired account is not even read; nobody is told twice.
    const second = await deliver({ commentId: id, verb: "edited", message: CLEAN_COMMENT, time: T0 + 9, postId: `${account.externalId}_1` }, other.org.id, account.externalId);
    await expectAppError(run(second.id, fake, other.org.id), "FORBIDDEN");
    expect(fake.reads).toEqual([id]);
    expect(await db().notification.count({ where: { orgId: other.org.id, kind: "account_disconnected" } })).toBe(1);
    expect(fake.calls).toEqual([]);
  });

  it("a failed re-read changes nothing and is thrown for the queue to retry", async () => {
    const fake = new FakePlatform();
    const id = newId();
    fake.comment(POST(), { externalId: id, text: CLEAN_COMMENT });
    const event = await deliver({ commentId: id, verb: "add", message: CLEAN_COMMENT, time: T0 });
    fake.failNextRead("TRANSIENT");
    await expect(run(event.id, fake)).rejects.toMatchObject({ name: "PlatformError", code: "TRANSIENT" });
    expect(await db().socialComment.count({ where: { orgId: org.org.id, externalId: id } })).toBe(0);
    expect(await run(event.id, fake)).toMatchObject({ outcome: "APPLIED" });
    expect(await comment(id)).toMatchObject({ verdict: "allow" });
  });
});
