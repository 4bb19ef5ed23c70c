import { ANY_ORG, db, scopedDb } from "@vetted/db";
import { deliverMail } from "../mail/send-mail";
import { tiktokClientFromEnv, type TikTokClient } from "../platforms/tiktok-client";
import type { TikTokOAuth } from "../platforms/tiktok-oauth";
import { markAccountTokenInvalid } from "./mark-account-token-invalid";
import { platformFailure } from "./platform-client";
import { withTikTokAccountToken } from "./tiktok-account-token";

export interface DiscoverTikTokOptions {
  /** Default: the client from TIKTOK_* settings. */
  tiktok?: TikTokClient;
  /** Refreshes the accounts' 24-hour tokens; default the OAuth client from TIKTOK_* settings. */
  tiktokOAuth?: TikTokOAuth;
  /** How long after publishing a video's comments are listed (default 7 days, as for every platform). */
  windowMs?: number;
  /** Only this org's accounts (tests): default every org. */
  orgId?: string;
}

export type DiscoverTikTokResult = Record<"accounts" | "videos" | "failed", number>;

const WINDOW_MS = 7 * 86_400_000;

/**
 * TikTok sends Vetted no comment webhooks it can rely on, and most videos are published in the
 * TikTok app, not through Vetted. Run by the worker every few minutes across orgs: each ACTIVE TikTok
 * account's videos of the last 7 days get a CommentPoll row (no handoff; pollUntil = published + 7
 * days), and the comment poll (reconcile-post-comments.ts) lists their comments like any post's,
 * feeding each new or changed comment through the comment events exactly once (feed-polled-comments.ts).
 * A video Vetted handed off has its row already and is not added twice. A refused token marks the
 * account EXPIRED and tells its admins.
 */
export async function discoverTikTokVideos(opts: DiscoverTikTokOptions = {}): Promise<DiscoverTikTokResult> {
  const tiktok = opts.tiktok ?? tiktokClientFromEnv();
  const windowMs = opts.windowMs ?? WINDOW_MS;
  const result: DiscoverTikTokResult = { accounts: 0, videos: 0, failed: 0 };
  const accounts = await db().connectedAccount.findMany({
    // Cross-org on purpose: a system sweep; each account's rows are written in its own org.
    where: { orgId: opts.orgId ?? ANY_ORG, platform: "TIKTOK", status: "ACTIVE", tokenCipher: { not: null } },
    select: { id: true, orgId: true, externalId: true },
  });
  for (const account of accounts) {
    try {
      const ref = { orgId: account.orgId, accountId: account.id };
      const videos = await withTikTokAccountToken(ref, (token) => tiktok.listVideos(token, account.externalId, new Date(Date.now() - windowMs)), opts.tiktokOAuth ? { tiktokOAuth: opts.tiktokOAuth } : {});
      result.accounts++;
      if (videos.length === 0) continue;
      const tenant = scopedDb(account.orgId);
      const known = await tenant.commentPoll.findMany({ where: { accountId: account.id, postExternalId: { in: videos.map((v) => v.id) } }, select: { postExternalId: true } });
      const seen = new Set(known.map((k) => k.postExternalId));
      const fresh = videos.filter((v) => !seen.has(v.id));
      if (fresh.length === 0) continue;
      const created = await tenant.commentPoll.createMany({
        data: fresh.map((v) => ({ orgId: account.orgId, accountId: account.id, handoffId: null, postExternalId: v.id, pollUntil: new Date(v.createdAt.getTime() + windowMs) })),
        // A second worker that found the same video meanwhile: the partial unique index keeps one row.
        skipDuplicates: true,
      });
      result.videos += created.count;
    } catch (error) {
      result.failed++;
      if (platformFailure(error).code !== "TOKEN_INVALID") continue;
      const mails = await scopedDb(account.orgId).$transaction((tx) => markAccountTokenInvalid(tx, account.orgId, account.id, "TOKEN_INVALID"));
      for (const id of mails) await deliverMail(id);
    }
  }
  return result;
}
