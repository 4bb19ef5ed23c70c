// Test helpers for comment moderation (only *.int.test.ts import this file).
import { randomUUID } from "node:crypto";
import { baseEnv, metaEnv } from "@vetted/config";
import { db, type Channel } from "@vetted/db";
import { uniq } from "@vetted/db/testing";
import { createProducer, createProducerRedis, type Producer, type Redis } from "@vetted/queue";
import { signMetaPayload } from "../platforms/meta-signature";
import { createOrgWithMembers, type TestOrg } from "../testing";
import { PlatformError, type PlatformErrorCode } from "../platforms/platform-error";
import type { AccountAccess, PlatformClient, PlatformComment, PlatformCommentPage } from "./platform-client";
import { sealField } from "./moderation-crypto";

/** A connected account of the org, with an encrypted token; external ids are unique per call. */
export async function connectTestAccount(orgId: string, createdById: string, opts: { platform?: Channel; externalId?: string; token?: string } = {}) {
  const id = randomUUID();
  const externalId = opts.externalId ?? String(Date.now()) + String(Math.floor(Math.random() * 1e6)).padStart(6, "0");
  return db().connectedAccount.create({
    data: {
      id, orgId, platform: opts.platform ?? "FACEBOOK", externalId, name: uniq("Page"), createdById, scopes: ["pages_manage_engagement"],
      tokenCipher: sealField(opts.token ?? `page-token-${uniq("t")}`, "connected-account", orgId, id, "token"),
    },
  });
}

export interface FeedChange {
  pageId: string;
  commentId: string;
  postId?: string;
  verb: "add" | "edited" | "remove" | "hide" | "unhide";
  message?: string;
  fromName?: string;
  /** Unix seconds of the entry. */
  time: number;
}

/** A Page `feed` delivery as Meta sends it, one entry per change. */
export function feedBody(changes: FeedChange[]): string {
  return JSON.stringify({
    object: "page",
    entry: changes.map((c) => ({
      id: c.pageId,
      time: c.time,
      changes: [{
        field: "feed",
        value: {
          item: "comment", verb: c.verb, comment_id: c.commentId, post_id: c.postId ?? `${c.pageId}_1`, parent_id: c.postId ?? `${c.pageId}_1`,
          ...(c.message === undefined ? {} : { message: c.message }), from: { id: "5550001", name: c.fromName ?? "Someone Commenting" }, created_time: c.time,
        },
      }],
    })),
  });
}

export const signed = (body: string) => ({ rawBody: new Uint8Array(Buffer.from(body, "utf8")), signature: signMetaPayload(body, metaEnv().META_APP_SECRET) });

/** Our own sentences: a named commenter with a diagnosis (block), and a harmless one. */
export const PHI_COMMENT = "My husband Bartholomew Quigley was diagnosed with pancreatic cancer here last week, please pray for him";
export const CLEAN_COMMENT = "Lovely open house, the new garden looks great!";

export interface RecordedCall {
  op: "hide" | "unhide" | "delete" | "reply" | "public_reply";
  account: string;
  commentId: string;
  token: string;
}

/** A PlatformClient that records every call; `failWith` makes the next calls throw, in order. */
export class RecordingPlatformClient implements PlatformClient {
  readonly calls: RecordedCall[] = [];
  readonly failures: { error: Error; /** record the call as delivered although it fails (a timeout after sending) */ delivered?: boolean }[] = [];

  failNext(code: string, opts: { retryable?: boolean; outcomeUnknown?: boolean; retryAfterSeconds?: number; delivered?: boolean } = {}) {
    const error = Object.assign(new Error(`test: ${code}`), { name: "PlatformError", code, retryable: opts.retryable ?? false, outcomeUnknown: opts.outcomeUnknown ?? false, retryAfterSeconds: opts.retryAfterSeconds });
    this.failures.push({ error, delivered: opts.delivered });
  }

  /** The replies Meta would refuse as a second one: recorded per comment. */
  private replied = new Set<string>();

  private async call(op: RecordedCall["op"], account: AccountAccess, commentId: string) {
    const failure = this.failures.shift();
    if (failure && !failure.delivered) throw failure.error;
    if (op === "reply") {
      if (this.replied.has(commentId)) throw Object.assign(new Error("test: ALREADY_REPLIED"), { name: "PlatformError", code: "ALREADY_REPLIED", retryable: false });
      this.replied.add(commentId);
    }
    this.calls.push({ op, account: account.externalId, commentId, token: account.accessToken });
    if (failure) throw failure.error;
  }

  setCommentHidden(account: AccountAccess, commentId: string, hidden: boolean) {
    return this.call(hidden ? "hide" : "unhide", account, commentId);
  }
  deleteComment(account: AccountAccess, commentId: string) {
    return this.call("delete", account, commentId);
  }
  sendPrivateReply(account: AccountAccess, commentId: string) {
    return this.call("reply", account, commentId);
  }
  sendPublicReply(account: AccountAccess, commentId: string) {
    return this.call("public_reply", account, commentId);
  }
}

/** A producer on its own queue prefix, so a test file's jobs never meet another file's. */
export function createTestProducer(): { redis: Redis; producer: Producer } {
  const redis = createProducerRedis(baseEnv().REDIS_URL);
  return { redis, producer: createProducer(redis, { prefix: `vetted-test-${randomUUID().slice(0, 8)}` }) };
}

export async function closeTestProducer({ redis, producer }: { redis: Redis; producer: Producer }): Promise<void> {
  await producer.queue("comments").obliterate({ force: true });
  await producer.close();
  await redis.quit();
}

/** Two orgs, each with a connected Facebook Page, and a producer: the set-up most moderation tests share. */
export async function twoConnectedOrgs(): Promise<{ redis: Redis; producer: Producer; a: TestOrg; b: TestOrg; pageA: string; pageB: string }> {
  const [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
  const pageA = (await connectTestAccount(a.org.id, a.users.ADMIN.id)).externalId;
  const pageB = (await connectTestAccount(b.org.id, b.users.ADMIN.id)).externalId;
  return { ...createTestProducer(), a, b, pageA, pageB };
}

/**
 * A platform in memory for the re-read and the reconciliation poll: comments by post, read one by
 * one (a missing one is NOT_FOUND, as Graph's 100/33) or listed a page at a time; the hide, delete
 * and reply calls are recorded as RecordingPlatformClient does. `failNextRead` / `failNextList`
 * throw a PlatformError of that code once; `listDelayMs` holds each listing (two pollers racing).
 */
export class FakePlatform extends RecordingPlatformClient {
  readonly posts = new Map<string, PlatformComment[]>();
  readonly reads: string[] = [];
  readonly lists: string[] = [];
  pageSize = 100;
  listDelayMs = 0;
  private readFailure: PlatformError | null = null;
  private listFailure: PlatformError | null = null;

  comment(postId: string, c: Partial<PlatformComment> & { externalId: string; text: string }): PlatformComment {
    const full: PlatformComment = { createdAt: new Date(Date.now() - 60_000), hidden: false, authorName: "Someone Commenting", ...c };
    const list = this.posts.get(postId) ?? [];
    const at = list.findIndex((x) => x.externalId === c.externalId);
    if (at >= 0) list[at] = full;
    else list.push(full);
    this.posts.set(postId, list);
    return full;
  }
  remove(externalId: string): void {
    for (const list of this.posts.values()) {
      const at = list.findIndex((x) => x.externalId === externalId);
      if (at >= 0) list.splice(at, 1);
    }
  }
  failNextRead(code: PlatformErrorCode) {
    this.readFailure = new PlatformError(code, "readComment");
  }
  failNextList(code: PlatformErrorCode) {
    this.listFailure = new PlatformError(code, "listPostComments");
  }

  override async setCommentHidden(account: AccountAccess, commentId: string, hidden: boolean) {
    await super.setCommentHidden(account, commentId, hidden);
    const found = [...this.posts.values()].flat().find((c) => c.externalId === commentId);
    if (found) found.hidden = hidden;
  }

  async readComment(_account: AccountAccess, commentId: string): Promise<PlatformComment> {
    this.reads.push(commentId);
    const failure = this.readFailure;
    this.readFailure = null;
    if (failure) throw failure;
    const found = [...this.posts.values()].flat().find((c) => c.externalId === commentId);
    if (!found) throw new PlatformError("NOT_FOUND", "readComment", { httpStatus: 400, graphCode: 100, graphSubcode: 33 });
    return { ...found };
  }

  async listPostComments(_account: AccountAccess, postId: string, after?: string): Promise<PlatformCommentPage> {
    this.lists.push(postId);
    if (this.listDelayMs) await new Promise((r) => setTimeout(r, this.listDelayMs));
    const failure = this.listFailure;
    this.listFailure = null;
    if (failure) throw failure;
    const list = this.posts.get(postId);
    if (!list) throw new PlatformError("NOT_FOUND", "listPostComments", { httpStatus: 400, graphCode: 100, graphSubcode: 33 });
    const start = after ? Number(after) : 0;
    const page = list.slice(start, start + this.pageSize);
    return { comments: page.map((c) => ({ ...c })), ...(start + this.pageSize < list.length ? { after: String(start + this.pageSize) } : {}) };
  }
}
