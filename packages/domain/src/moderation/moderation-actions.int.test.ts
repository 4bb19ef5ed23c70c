import { randomUUID } from "node:crypto";
import { baseEnv } from "@vetted/config";
import { db } from "@vetted/db";
import { createProducer, createProducerRedis, type Producer, type Redis } from "@vetted/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { dispatchPendingModerationActions } from "./dispatch-pending-moderation-actions";
import { ingestMetaWebhook } from "./ingest-meta-webhook";
import { connectTestAccount, feedBody, PHI_COMMENT, RecordingPlatformClient, signed, CLEAN_COMMENT } from "./moderation-test-helpers";
import { processCommentEvent } from "./process-comment-event";
import { requestPrivateReply } from "./request-private-reply";
import { sendModerationAction } from "./send-moderation-action";

const prefix = `vetted-test-${randomUUID().slice(0, 8)}`;
let redis: Redis;
let producer: Producer;
let a: TestOrg;
let page: { id: string; externalId: string };
const T0 = Math.floor(Date.now() / 1000) - 60;

beforeAll(async () => {
  redis = createProducerRedis(baseEnv().REDIS_URL);
  producer = createProducer(redis, { prefix });
  a = await createOrgWithMembers();
  page = await connectTestAccount(a.org.id, a.users.ADMIN.id);
});

afterAll(async () => {
  await producer.queue("comments").obliterate({ force: true });
  await producer.close();
  await redis.quit();
});

/** A processed comment; a block one leaves a PENDING HIDE (no connector is given here). */
async function commentWith(message: string) {
  const id = `${page.externalId}_9_${randomUUID().slice(0, 8)}`;
  await ingestMetaWebhook(signed(feedBody([{ pageId: page.externalId, commentId: id, verb: "add", message, time: T0 }])), { producer });
  const event = await db().commentEvent.findFirstOrThrow({ where: { orgId: a.org.id, objectId: id } });
  const processed = await processCommentEvent({ orgId: a.org.id, commentEventId: event.id });
  return { externalId: id, commentId: processed.commentId!, hideId: processed.actionIds[0] };
}

const action = (id: string) => db().moderationAction.findFirstOrThrow({ where: { id, orgId: a.org.id } });
const makeDue = (id: string) => db().moderationAction.updateMany({ where: { id, orgId: a.org.id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });

describe("the moderation outbox", () => {
  it("sends a private reply once; a second request is refused and nothing is sent twice", async () => {
    const clients = new RecordingPlatformClient();
    const { commentId, externalId } = await commentWith(CLEAN_COMMENT);
    const ctx = a.ctx.COMPLIANCE_OFFICER;
    const { actionId } = await requestPrivateReply(ctx, { commentId, text: "Please call our patient line at 555-0100." }, { clients: () => clients });
    expect(await action(actionId)).toMatchObject({ kind: "PRIVATE_REPLY", status: "SENT", requestedById: ctx.user.id });
    expect(await db().socialComment.findFirst({ where: { id: commentId, orgId: a.org.id } })).toMatchObject({ privateRepliedAt: expect.any(Date) });

    await expectAppError(requestPrivateReply(ctx, { commentId, text: "Second try" }, { clients: () => clients }), "CONFLICT");
    await expectAppError(requestPrivateReply(a.ctx.ADMIN, { commentId, text: "Another person" }), "CONFLICT");
    expect(clients.calls).toEqual([{ op: "reply", account: page.externalId, commentId: externalId, token: expect.any(String) }]);
    expect(await db().moderationAction.count({ where: { orgId: a.org.id, commentId, kind: "PRIVATE_REPLY" } })).toBe(1);

    // Staff may not reply; another org's member cannot even see the comment; the text is validated.
    await expectAppError(requestPrivateReply(a.ctx.STAFF, { commentId, text: "x" }), "FORBIDDEN");
    const other = await createOrgWithMembers();
    await expectAppError(requestPrivateReply(other.ctx.ADMIN, { commentId, text: "x" }), "NOT_FOUND");
    await expectAppError(requestPrivateReply(ctx, { commentId, text: "   " }), "VALIDATION");
    const audit = await db().auditEvent.findMany({ where: { orgId: a.org.id, targetId: commentId, action: "comment.private_reply_requested" } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain("555-0100");
  });

  it("never re-sends a private reply whose outcome is unknown (a timeout after sending)", async () => {
    const clients = new RecordingPlatformClient();
    clients.failNext("TRANSIENT", { retryable: true, outcomeUnknown: true, delivered: true });
    const { commentId, externalId } = await commentWith(CLEAN_COMMENT);
    const { actionId } = await requestPrivateReply(a.ctx.ADMIN, { commentId, text: "Please call us." }, { clients: () => clients });
    expect(await action(actionId)).toMatchObject({ status: "FAILED", lastErrorCode: "OUTCOME_UNKNOWN", attempts: 1 });
    await makeDue(actionId);
    // The sweep covers every org's due actions (other files' included): count this comment's replies.
    await dispatchPendingModerationActions({ clients: () => clients });
    expect(clients.calls.filter((c) => c.op === "reply" && c.commentId === externalId)).toHaveLength(1);
  });

  it("retries a transient failure with backoff, then sends", async () => {
    const clients = new RecordingPlatformClient();
    const { hideId } = await commentWith(PHI_COMMENT);
    clients.failNext("TRANSIENT", { retryable: true, outcomeUnknown: false });
    expect(await sendModerationAction(a.org.id, hideId!, { clients: () => clients, backoffMs: () => 60_000 })).toBe("RETRY");
    const waiting = await action(hideId!);
    expect(waiting).toMatchObject({ status: "PENDING", attempts: 1, lastErrorCode: "TRANSIENT" });
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
    // Not due yet: nothing is sent.
    expect(await sendModerationAction(a.org.id, hideId!, { clients: () => clients })).toBe("SKIPPED");
    await makeDue(hideId!);
    expect(await sendModerationAction(a.org.id, hideId!, { clients: () => clients })).toBe("SENT");
    expect(await action(hideId!)).toMatchObject({ status: "SENT", attempts: 2 });
    expect(clients.calls.map((c) => c.op)).toEqual(["hide"]);
  });

  it("gives up after maxAttempts and records the code", async () => {
    const clients = new RecordingPlatformClient();
    const { hideId } = await commentWith(PHI_COMMENT);
    for (let i = 0; i < 3; i++) clients.failNext("TRANSIENT", { retryable: true });
    const opts = { clients: () => clients, backoffMs: () => 0, maxAttempts: 3 };
    expect(await sendModerationAction(a.org.id, hideId!, opts)).toBe("RETRY");
    expect(await sendModerationAction(a.org.id, hideId!, opts)).toBe("RETRY");
    expect(await sendModerationAction(a.org.id, hideId!, opts)).toBe("FAILED");
    expect(await action(hideId!)).toMatchObject({ status: "FAILED", attempts: 3, lastErrorCode: "TRANSIENT", failedAt: expect.any(Date) });
  });

  it("waits out a rate limit without using up attempts", async () => {
    const clients = new RecordingPlatformClient();
    const { hideId } = await commentWith(PHI_COMMENT);
    clients.failNext("RATE_LIMITED", { retryable: true, retryAfterSeconds: 120 });
    expect(await sendModerationAction(a.org.id, hideId!, { clients: () => clients })).toBe("RETRY");
    const waiting = await action(hideId!);
    expect(waiting).toMatchObject({ status: "PENDING", attempts: 0, lastErrorCode: "RATE_LIMITED" });
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 110_000);
  });

  it("fails a permanent error at once", async () => {
    const clients = new RecordingPlatformClient();
    const { hideId, commentId } = await commentWith(PHI_COMMENT);
    clients.failNext("PERMISSION");
    expect(await sendModerationAction(a.org.id, hideId!, { clients: () => clients })).toBe("FAILED");
    expect(await action(hideId!)).toMatchObject({ status: "FAILED", lastErrorCode: "PERMISSION" });
    expect(await db().socialComment.findFirst({ where: { id: commentId, orgId: a.org.id } })).toMatchObject({ hiddenAt: null, status: "HIDDEN_PENDING_REVIEW" });
    const [failed] = await db().auditEvent.findMany({ where: { orgId: a.org.id, targetId: commentId, action: "moderation.failed" } });
    expect(failed?.metadata).toMatchObject({ actionId: hideId, kind: "HIDE", errorCode: "PERMISSION" });
  });

  it("sends an action once when the fast path and two sweepers race", async () => {
    const clients = new RecordingPlatformClient();
    const { hideId } = await commentWith(PHI_COMMENT);
    const outcomes = await Promise.all([
      sendModerationAction(a.org.id, hideId!, { clients: () => clients }),
      sendModerationAction(a.org.id, hideId!, { clients: () => clients }),
      sendModerationAction(a.org.id, hideId!, { clients: () => clients }),
    ]);
    expect(outcomes.sort()).toEqual(["SENT", "SKIPPED", "SKIPPED"]);
    expect(clients.calls).toHaveLength(1);
  });

  it("an invalid token marks the account EXPIRED, tells its admins once, and holds the actions until it is reconnected", async () => {
    const org = await createOrgWithMembers();
    const account = await connectTestAccount(org.org.id, org.users.ADMIN.id);
    const clients = new RecordingPlatformClient();
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const id = `${account.externalId}_4_${randomUUID().slice(0, 8)}`;
      await ingestMetaWebhook(signed(feedBody([{ pageId: account.externalId, commentId: id, verb: "add", message: PHI_COMMENT, time: T0 }])), { producer });
      const event = await db().commentEvent.findFirstOrThrow({ where: { orgId: org.org.id, objectId: id } });
      ids.push((await processCommentEvent({ orgId: org.org.id, commentEventId: event.id })).actionIds[0]!);
    }
    clients.failNext("TOKEN_INVALID");
    expect(await sendModerationAction(org.org.id, ids[0]!, { clients: () => clients })).toBe("DEFERRED");
    expect(await db().connectedAccount.findFirst({ where: { id: account.id, orgId: org.org.id } })).toMatchObject({ status: "EXPIRED", lastErrorCode: "TOKEN_INVALID" });
    // The second action is not even tried while the account is expired.
    expect(await sendModerationAction(org.org.id, ids[1]!, { clients: () => clients })).toBe("SKIPPED");
    const notes = await db().notification.findMany({ where: { orgId: org.org.id, kind: "account_disconnected" } });
    expect(notes.map((n) => n.userId)).toEqual([org.users.ADMIN.id]);
    expect(await db().auditEvent.count({ where: { orgId: org.org.id, action: "account.token_invalid", targetId: account.id } })).toBe(1);
    expect((await db().moderationAction.findMany({ where: { orgId: org.org.id, id: { in: ids } } })).map((x) => x.status)).toEqual(["PENDING", "PENDING"]);

    // Reconnected: both go out.
    await db().connectedAccount.updateMany({ where: { id: account.id, orgId: org.org.id }, data: { status: "ACTIVE" } });
    for (const id of ids) expect(await sendModerationAction(org.org.id, id, { clients: () => clients })).toBe("SENT");
    expect(clients.calls.map((c) => c.op)).toEqual(["hide", "hide"]);
  });
});
