import { describe, expect, it } from "vitest";
import { commentDedupeKey, commentEventJobId, polledChangeKey } from "./comment-dedupe";
import { planCommentEvent, planFromPlatform, type StoredComment, type StoredState } from "./comment-event-plan";
import { platformFailure } from "./platform-client";

const t = (s: number) => new Date(s * 1000);
const held = (o: Partial<StoredComment> = {}): StoredComment => ({ hasText: true, lastEventAt: t(100), visibilityEventAt: null, deletedAt: null, ...o });

describe("planCommentEvent", () => {
  it("creates a comment from its first event, whatever the verb", () => {
    expect(planCommentEvent(null, { verb: "add", eventAt: t(100), hasText: true })).toEqual({ kind: "create", adoptText: true, deletedAt: null, hidden: null });
    // An edit arriving before its create creates the comment with the edited text.
    expect(planCommentEvent(null, { verb: "edited", eventAt: t(120), hasText: true })).toEqual({ kind: "create", adoptText: true, deletedAt: null, hidden: null });
    expect(planCommentEvent(null, { verb: "remove", eventAt: t(130), hasText: false })).toEqual({ kind: "create", adoptText: false, deletedAt: t(130), hidden: null });
    expect(planCommentEvent(null, { verb: "hide", eventAt: t(130), hasText: false })).toMatchObject({ kind: "create", adoptText: false, hidden: true });
  });

  it("keeps the newest text: a late, older create or edit is ignored", () => {
    const afterEdit = held({ lastEventAt: t(120) });
    expect(planCommentEvent(afterEdit, { verb: "add", eventAt: t(100), hasText: true })).toEqual({ kind: "ignore", reason: "OLDER" });
    expect(planCommentEvent(afterEdit, { verb: "edited", eventAt: t(110), hasText: true })).toEqual({ kind: "ignore", reason: "OLDER" });
    expect(planCommentEvent(afterEdit, { verb: "edited", eventAt: t(121), hasText: true })).toEqual({ kind: "update", adoptText: true });
  });

  it("lets an edit in the same second supersede the text held, but not a second create", () => {
    expect(planCommentEvent(held(), { verb: "edited", eventAt: t(100), hasText: true })).toEqual({ kind: "update", adoptText: true });
    expect(planCommentEvent(held(), { verb: "add", eventAt: t(100), hasText: true })).toEqual({ kind: "ignore", reason: "OLDER" });
  });

  it("takes the first text into a stub made by an early hide, even if older than the hide", () => {
    const stub = held({ hasText: false, lastEventAt: t(200), visibilityEventAt: t(200) });
    expect(planCommentEvent(stub, { verb: "add", eventAt: t(100), hasText: true })).toEqual({ kind: "update", adoptText: true });
  });

  it("treats remove as final, in time and in arrival order", () => {
    expect(planCommentEvent(held(), { verb: "remove", eventAt: t(90), hasText: false })).toEqual({ kind: "update", adoptText: false, deletedAt: t(90) });
    const removed = held({ deletedAt: t(150) });
    for (const verb of ["add", "edited", "hide", "unhide", "remove"] as const) {
      expect(planCommentEvent(removed, { verb, eventAt: t(300), hasText: verb === "add" || verb === "edited" })).toEqual({ kind: "ignore", reason: "REMOVED" });
    }
  });

  it("orders hide and unhide among themselves", () => {
    const hiddenAt200 = held({ visibilityEventAt: t(200) });
    expect(planCommentEvent(hiddenAt200, { verb: "unhide", eventAt: t(150), hasText: false })).toEqual({ kind: "ignore", reason: "OLDER" });
    expect(planCommentEvent(hiddenAt200, { verb: "unhide", eventAt: t(250), hasText: false })).toEqual({ kind: "update", adoptText: false, hidden: false });
    // Visibility changes do not touch the text's order.
    expect(planCommentEvent(held({ lastEventAt: t(300) }), { verb: "hide", eventAt: t(150), hasText: false })).toEqual({ kind: "update", adoptText: false, hidden: true });
  });

  it("ignores a content event without text on a known comment", () => {
    expect(planCommentEvent(held(), { verb: "edited", eventAt: t(500), hasText: false })).toEqual({ kind: "ignore", reason: "NO_CHANGE" });
  });
});

describe("planFromPlatform", () => {
  const A = "a".repeat(64);
  const B = "b".repeat(64);
  const state = (o: Partial<StoredState> = {}): StoredState => ({ ...held(), textSha256: A, hidden: false, ...o });
  const gone = t(900);

  it("creates from what the platform shows, or a deleted stub when the comment is gone", () => {
    expect(planFromPlatform(null, { textSha256: A, hidden: false }, gone)).toEqual({ kind: "create", adoptText: true, deletedAt: null, hidden: null });
    expect(planFromPlatform(null, { textSha256: A, hidden: true }, gone)).toEqual({ kind: "create", adoptText: true, deletedAt: null, hidden: true });
    // A photo comment has no text to take.
    expect(planFromPlatform(null, { textSha256: null, hidden: false }, gone)).toMatchObject({ kind: "create", adoptText: false });
    expect(planFromPlatform(null, null, gone)).toEqual({ kind: "create", adoptText: false, deletedAt: gone, hidden: null });
  });

  it("follows the platform's text and visibility, whatever order the events came in", () => {
    expect(planFromPlatform(state(), { textSha256: B, hidden: false }, gone)).toEqual({ kind: "update", adoptText: true });
    expect(planFromPlatform(state(), { textSha256: A, hidden: true }, gone)).toEqual({ kind: "update", adoptText: false, hidden: true });
    expect(planFromPlatform(state({ hidden: true }), { textSha256: B, hidden: false }, gone)).toEqual({ kind: "update", adoptText: true, hidden: false });
    expect(planFromPlatform(state(), { textSha256: A, hidden: false }, gone)).toEqual({ kind: "ignore", reason: "NO_CHANGE" });
    // A stub from an early hide takes the first text the platform shows.
    expect(planFromPlatform(state({ hasText: false, textSha256: null, hidden: true }), { textSha256: A, hidden: true }, gone)).toEqual({ kind: "update", adoptText: true });
  });

  it("marks a comment gone from the platform deleted, and deleted stays final", () => {
    expect(planFromPlatform(state(), null, gone)).toEqual({ kind: "update", adoptText: false, deletedAt: gone });
    expect(planFromPlatform(state({ deletedAt: t(100) }), { textSha256: B, hidden: false }, gone)).toEqual({ kind: "ignore", reason: "REMOVED" });
    expect(planFromPlatform(state({ deletedAt: t(100) }), null, gone)).toEqual({ kind: "ignore", reason: "REMOVED" });
  });
});

describe("polledChangeKey", () => {
  const parts = { platform: "FACEBOOK" as const, accountExternalId: "1001", objectId: "1001_5_9", from: "none", to: "abc:false" };
  it("names one difference: the same listing twice gives one key, another difference another", () => {
    const key = polledChangeKey(parts);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(polledChangeKey({ ...parts })).toBe(key);
    expect(polledChangeKey({ ...parts, to: "abc:true" })).not.toBe(key);
    expect(polledChangeKey({ ...parts, from: "abc:false", to: "def:false" })).not.toBe(key);
    // Never the key of a webhook's change.
    expect(key).not.toBe(commentDedupeKey({ platform: "FACEBOOK", accountExternalId: "1001", objectId: "1001_5_9", verb: "add", time: 0 }));
  });
});

describe("commentDedupeKey", () => {
  const parts = { platform: "FACEBOOK" as const, accountExternalId: "1001", objectId: "1001_5_9", verb: "add", time: 1_800_000_000 };
  it("is the same for every copy of a change and differs when any part differs", () => {
    const key = commentDedupeKey(parts);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(commentDedupeKey({ ...parts })).toBe(key);
    for (const change of [{ verb: "edited" }, { time: parts.time + 1 }, { objectId: "1001_5_10" }, { accountExternalId: "1002" }, { platform: "INSTAGRAM" as const }]) {
      expect(commentDedupeKey({ ...parts, ...change })).not.toBe(key);
    }
  });
  it("makes a job id BullMQ accepts and that carries no text", () => {
    const jobId = commentEventJobId(commentDedupeKey(parts));
    expect(jobId).toMatch(/^comments-event-[0-9a-f]{64}$/);
  });
});

describe("platformFailure", () => {
  it("reads a PlatformError by its fields", () => {
    const e = Object.assign(new Error("hideComment: RATE_LIMITED"), { name: "PlatformError", code: "RATE_LIMITED", retryable: true, outcomeUnknown: false, retryAfterSeconds: 30 });
    expect(platformFailure(e)).toEqual({ code: "RATE_LIMITED", retryable: true, outcomeUnknown: false, retryAfterSeconds: 30 });
  });
  it("treats anything else as retryable with an unknown outcome", () => {
    expect(platformFailure(new TypeError("boom"))).toEqual({ code: "ERROR", retryable: true, outcomeUnknown: true });
    expect(platformFailure(Object.assign(new Error("x"), { name: "PlatformError", code: "MADE_UP" }))).toMatchObject({ code: "ERROR" });
  });
});
