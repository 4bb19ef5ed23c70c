import { randomUUID } from "node:crypto";
import { db } from "@vetted/db";
import { type Producer, type Redis } from "@vetted/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrgWithMembers, type TestOrg } from "../testing";
import { ingestMetaWebhook } from "./ingest-meta-webhook";
import { openField } from "./moderation-crypto";
import { CLEAN_COMMENT, connectTestAccount, feedBody, PHI_COMMENT, RecordingPlatformClient, signed, type FeedChange, closeTestProducer, twoConnectedOrgs } from "./moderation-test-helpers";
import { processCommentEvent } from "./process-comment-event";

let redis: Redis;
let producer: Producer;
let a: TestOrg;
let b: TestOrg;
let pageA: string;
let pageB: string;
const T0 = Math.floor(Date.now() / 1000) - 600;
const newCommentId = (page: string) => `${page}_7_${randomUUID().slice(0, 8).replace(/-/g, "")}`;

beforeAll(async () => {
  ({ redis, producer, a, b, pageA, pageB } = await twoConnectedOrgs());
});

afterAll(() => closeTestProducer({ redis, producer }));

/** Delivers one change and returns its CommentEvent (the processing is the test's to run). */
async function deliver(change: Omit<FeedChange, "pageId"> & { pageId?: string }, orgId = a.org.id) {
  const pageId = change.pageId ?? pageA;
  await ingestMetaWebhook(signed(feedBody([{ ...change, pageId }])), { producer });
  const events = await db().commentEvent.findMany({ where: { orgId, objectId: change.commentId, verb: change.verb }, orderBy: { eventAt: "desc" } });
  return events[0]!;
}

const comment = (orgId: string, externalId: string) => db().socialComment.findFirst({ where: { orgId, externalId } });
const textOf = (c: { id: string; orgId: string; textCipher: string | null }) => openField(c.textCipher!, "social-comment", c.orgId, c.id, "text");

describe("processCommentEvent", () => {
  it("hides a block comment once: snapshot + HIDE in the outbox, sent once even when the job runs twice", async () => {
    const clients = new RecordingPlatformClient();
    const id = newCommentId(pageA);
    const event = await deliver({ commentId: id, verb: "add", message: PHI_COMMENT, fromName: "Pat Commenter", time: T0 });
    const first = await processCommentEvent({ orgId: a.org.id, commentEventId: event.id }, { clients: () => clients });
    const second = await processCommentEvent({ orgId: a.org.id, commentEventId: event.id }, { clients: () => clients });
    expect(first).toMatchObject({ outcome: "APPLIED", actionIds: [expect.any(String)] });
    expect(second).toMatchObject({ outcome: "ALREADY_PROCESSED", actionIds: [] });

    const c = (await comment(a.org.id, id))!;
    expect(c).toMatchObject({ verdict: "block", needsReview: true, status: "HIDDEN_PENDING_REVIEW", deletedAt: null });
    expect(c.hiddenAt).not.toBeNull();
    expect(textOf(c)).toBe(PHI_COMMENT);
    expect(c.textCipher).not.toContain("Quigley");
    expect(JSON.stringify(c.findings)).not.toContain("Quigley");
    expect((c.findings as { type: string }[]).map((f) => f.type)).toContain("NAME");

    const [snapshot] = await db().commentSnapshot.findMany({ where: { orgId: a.org.id, commentId: c.id } });
    expect(openField(snapshot!.textCipher, "comment-snapshot", a.org.id, snapshot!.id, "text")).toBe(PHI_COMMENT);
    expect(snapshot!.textSha256).toBe(c.textSha256);
    // The org's retention (2190 days by default) from when it was taken.
    expect(Math.round((snapshot!.retainUntil.getTime() - snapshot!.takenAt.getTime()) / 86_400_000)).toBe(2190);

    const actions = await db().moderationAction.findMany({ where: { orgId: a.org.id, commentId: c.id } });
    expect(actions).toEqual([expect.objectContaining({ kind: "HIDE", status: "SENT", requestedById: null, attempts: 1, id: snapshot!.actionId })]);
    expect(clients.calls).toEqual([{ op: "hide", account: pageA, commentId: id, token: expect.stringMatching(/^page-token-/) }]);

    // The trail has ids, verdict and types, never the words or the author.
    const audit = await db().auditEvent.findMany({ where: { orgId: a.org.id, targetId: c.id } });
    expect(audit.map((e) => e.action).sort()).toEqual(["comment.event", "comment.hide_requested", "moderation.sent"]);
    expect(JSON.stringify(audit)).not.toMatch(/Quigley|pancreatic|Pat Commenter/);
    expect(audit.find((e) => e.action === "comment.hide_requested")?.metadata).toMatchObject({ snapshotId: snapshot!.id, textSha256: c.textSha256, automatic: true, verdict: "block" });
  });

  it("two runs of one event at the same time apply it once", async () => {
    const clients = new RecordingPlatformClient();
    const id = newCommentId(pageA);
    const event = await deliver({ commentId: id, verb: "add", message: PHI_COMMENT, time: T0 });
    const runs = await Promise.all([1, 2, 3].map(() => processCommentEvent({ orgId: a.org.id, commentEventId: event.id }, { clients: () => clients })));
    expect(runs.map((r) => r.outcome).sort()).toEqual(["ALREADY_PROCESSED", "ALREADY_PROCESSED", "APPLIED"]);
    const c = (await comment(a.org.id, id))!;
    expect(await db().moderationAction.count({ where: { orgId: a.org.id, commentId: c.id } })).toBe(1);
    expect(await db().commentSnapshot.count({ where: { orgId: a.org.id, commentId: c.id } })).toBe(1);
    expect(clients.calls).toHaveLength(1);
  });

  it("leaves a clean comment visible", async () => {
    const clients = new RecordingPlatformClient();
    const id = newCommentId(pageA);
    const event = await deliver({ commentId: id, verb: "add", message: CLEAN_COMMENT, time: T0 });
    await processCommentEvent({ orgId: a.org.id, commentEventId: event.id }, { clients: () => clients });
    expect(await comment(a.org.id, id)).toMatchObject({ verdict: "allow", needsReview: false, status: "NEW", hiddenAt: null });
    expect(await db().moderationAction.count({ where: { orgId: a.org.id, commentId: (await comment(a.org.id, id))!.id } })).toBe(0);
    expect(clients.calls).toEqual([]);
  });

  it("takes an edit that arrives before its create, and ignores the late create", async () => {
    const id = newCommentId(pageA);
    const edit = await deliver({ commentId: id, verb: "edited", message: CLEAN_COMMENT, time: T0 + 60 });
    const create = await deliver({ commentId: id, verb: "add", message: PHI_COMMENT, time: T0 });
    expect(await processCommentEvent({ orgId: a.org.id, commentEventId: edit.id })).toMatchObject({ outcome: "APPLIED" });
    expect(await processCommentEvent({ orgId: a.org.id, commentEventId: create.id })).toMatchObject({ outcome: "IGNORED" });
    const c = (await comment(a.org.id, id))!;
    expect(textOf(c)).toBe(CLEAN_COMMENT);
    expect(c).toMatchObject({ verdict: "allow", status: "NEW", lastEventAt: new Date((T0 + 60) * 1000) });
    expect(await db().moderationAction.count({ where: { orgId: a.org.id, commentId: c.id } })).toBe(0);
    expect(await db().commentEvent.count({ where: { orgId: a.org.id, objectId: id, processedAt: null } })).toBe(0);
  });

  it("an edit that adds PHI to a clean comment hides it", async () => {
    const clients = new RecordingPlatformClient();
    const id = newCommentId(pageA);
    await processCommentEvent({ orgId: a.org.id, commentEventId: (await deliver({ commentId: id, verb: "add", message: CLEAN_COMMENT, time: T0 })).id });
    await processCommentEvent({ orgId: a.org.id, commentEventId: (await deliver({ commentId: id, verb: "edited", message: PHI_COMMENT, time: T0 + 5 })).id }, { clients: () => clients });
    expect(await comment(a.org.id, id)).toMatchObject({ verdict: "block", status: "HIDDEN_PENDING_REVIEW" });
    expect(clients.calls.map((c) => c.op)).toEqual(["hide"]);
  });

  it("a remove after the hide marks the comment removed; a remove before the hide went out cancels it", async () => {
    const clients = new RecordingPlatformClient();
    const hidden = newCommentId(pageA);
    await processCommentEvent({ orgId: a.org.id, commentEventId: (await deliver({ commentId: hidden, verb: "add", message: PHI_COMMENT, time: T0 })).id }, { clients: () => clients });
    await processCommentEvent({ orgId: a.org.id, commentEventId: (await deliver({ commentId: hidden, verb: "remove", time: T0 + 30 })).id });
    const c = (await comment(a.org.id, hidden))!;
    expect(c.deletedAt).toEqual(new Date((T0 + 30) * 1000));
    expect(c.hiddenAt).not.toBeNull();
    // Removed is final: a late edit changes nothing.
    const late = await deliver({ commentId: hidden, verb: "edited", message: CLEAN_COMMENT, time: T0 + 40 });
    expect(await processCommentEvent({ orgId: a.org.id, commentEventId: late.id })).toMatchObject({ outcome: "IGNORED" });
    expect(textOf((await comment(a.org.id, hidden))!)).toBe(PHI_COMMENT);

    // Without a connector the HIDE waits in the outbox; the author removes the comment first.
    const pending = newCommentId(pageA);
    await processCommentEvent({ orgId: a.org.id, commentEventId: (await deliver({ commentId: pending, verb: "add", message: PHI_COMMENT, time: T0 })).id });
    await processCommentEvent({ orgId: a.org.id, commentEventId: (await deliver({ commentId: pending, verb: "remove", time: T0 + 30 })).id });
    const p = (await comment(a.org.id, pending))!;
    expect(await db().moderationAction.findMany({ where: { orgId: a.org.id, commentId: p.id } })).toEqual([
      expect.objectContaining({ kind: "HIDE", status: "FAILED", lastErrorCode: "COMMENT_REMOVED" }),
    ]);
    expect(clients.calls).toHaveLength(1);
  });

  it("with auto-hide off, a block comment waits for review instead", async () => {
    const org = await createOrgWithMembers();
    await db().organization.update({ where: { id: org.org.id }, data: { autoHideBlocking: false } });
    const page = (await connectTestAccount(org.org.id, org.users.ADMIN.id)).externalId;
    const id = newCommentId(page);
    const event = await deliver({ pageId: page, commentId: id, verb: "add", message: PHI_COMMENT, time: T0 }, org.org.id);
    await processCommentEvent({ orgId: org.org.id, commentEventId: event.id }, { clients: () => new RecordingPlatformClient() });
    const c = (await comment(org.org.id, id))!;
    expect(c).toMatchObject({ verdict: "block", needsReview: true, status: "NEW", hiddenAt: null });
    expect(await db().moderationAction.count({ where: { orgId: org.org.id, commentId: c.id } })).toBe(0);
    expect(await db().commentSnapshot.count({ where: { orgId: org.org.id, commentId: c.id } })).toBe(0);
  });

  it("never touches another org: an event processed under org B's id is not found, and B's comments stay as they were", async () => {
    const sameId = newCommentId(pageA);
    const inB = await deliver({ pageId: pageB, commentId: sameId, verb: "add", message: CLEAN_COMMENT, time: T0 }, b.org.id);
    await processCommentEvent({ orgId: b.org.id, commentEventId: inB.id });
    const bBefore = (await comment(b.org.id, sameId))!;

    const inA = await deliver({ commentId: sameId, verb: "add", message: PHI_COMMENT, time: T0 + 1 });
    await expect(processCommentEvent({ orgId: b.org.id, commentEventId: inA.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await processCommentEvent({ orgId: a.org.id, commentEventId: inA.id }, { clients: () => new RecordingPlatformClient() });

    expect(await comment(b.org.id, sameId)).toEqual(bBefore);
    expect(await db().moderationAction.count({ where: { orgId: b.org.id, commentId: bBefore.id } })).toBe(0);
    expect(await comment(a.org.id, sameId)).toMatchObject({ status: "HIDDEN_PENDING_REVIEW" });
    expect((await comment(a.org.id, sameId))!.id).not.toBe(bBefore.id);
  });
});
