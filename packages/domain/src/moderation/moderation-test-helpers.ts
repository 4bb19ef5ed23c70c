// Test helpers for comment moderation (only *.int.test.ts import this file).
import { randomUUID } from "node:crypto";
import { baseEnv, metaEnv } from "@vetted/config";
import { db, type Channel } from "@vetted/db";
import { uniq } from "@vetted/db/testing";
import { createProducer, createProducerRedis, type Producer, type Redis } from "@vetted/queue";
import { signMetaPayload } from "../platforms/meta-signature";
import { createOrgWithMembers, type TestOrg } from "../testing";
import type { AccountAccess, PlatformClient } from "./platform-client";
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
  op: "hide" | "unhide" | "delete" | "reply";
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
