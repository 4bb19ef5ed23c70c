import { ANY_ORG, db, type Channel } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { deliverMail } from "../mail/send-mail";
import { linkedinOAuthOrNull, type LinkedInOAuth } from "../platforms/linkedin-oauth";
import type { MetaClient } from "../platforms/meta-client";
import { PlatformError } from "../platforms/platform-error";
import { xClientFromEnv, type XClient } from "../platforms/x-client";
import type { XOAuth } from "../platforms/x-oauth";
import { tiktokClientFromEnv, type TikTokClient } from "../platforms/tiktok-client";
import type { TikTokOAuth } from "../platforms/tiktok-oauth";
import { metaAppId, metaOf, REQUIRED_SCOPES } from "./account-connect";
import { inspectLinkedIn } from "./check-linkedin-account";
import { inspectTikTok } from "./check-tiktok-account";
import { inspectX } from "./check-x-account";
import { markAccountTokenInvalid } from "./mark-account-token-invalid";
import { openField } from "./moderation-crypto";

export interface CheckAccountsOptions {
  meta?: MetaClient;
  appId?: string;
  /** LinkedIn's introspection (default from LINKEDIN_*; LinkedIn accounts are skipped when LinkedIn is not configured). */
  linkedinOAuth?: LinkedInOAuth;
  /** X's API and OAuth client (defaults from X_*). */
  x?: XClient;
  xOAuth?: XOAuth;
  /** TikTok's API and OAuth client (defaults from TIKTOK_*). */
  tiktok?: TikTokClient;
  tiktokOAuth?: TikTokOAuth;
  /** Accounts checked more recently than this are skipped (default 6 hours). */
  minIntervalMs?: number;
  /** At most this many accounts per run (the next run takes the rest). */
  limit?: number;
  /** Only this org's accounts (an admin's "check now"; tests): default every org. */
  orgId?: string;
}

export type Verdict =
  | { status: "EXPIRED" | "REVOKED"; code: string }
  | { status: "ACTIVE"; expiresAt: Date | null; scopes: string[]; resubscribed: boolean; refreshed?: boolean };

export interface CheckedAccount {
  id: string;
  orgId: string;
  platform: Channel;
  externalId: string;
  tokenCipher: string;
  tokenExpiresAt: Date | null;
  refreshTokenCipher: string | null;
  refreshTokenExpiresAt: Date | null;
}

/**
 * The worker's periodic account check, across orgs. Each ACTIVE account's token is inspected: Meta's
 * with debug_token (and a Facebook Page whose feed subscription is gone is subscribed again),
 * LinkedIn's with token introspection (check-linkedin-account.ts), X's with GET /2/users/me after a
 * refresh when due (check-x-account.ts), TikTok's likewise (check-tiktok-account.ts). An expired or revoked token, or a lost permission, marks
 * the account and tells the org's admins once. A network failure leaves the account as it was, for
 * the next run.
 */
export async function checkConnectedAccounts(opts: CheckAccountsOptions = {}): Promise<Record<"checked" | "expired" | "revoked" | "resubscribed" | "failed", number>> {
  const meta = metaOf(opts);
  const appId = opts.appId ?? metaAppId();
  const linkedin = opts.linkedinOAuth ?? linkedinOAuthOrNull();
  const x = opts.x ?? xClientFromEnv();
  const tiktok = opts.tiktok ?? tiktokClientFromEnv();
  const counts = { checked: 0, expired: 0, revoked: 0, resubscribed: 0, failed: 0 };
  const due = new Date(Date.now() - (opts.minIntervalMs ?? 6 * 3_600_000));
  const platforms: Channel[] = ["FACEBOOK", "INSTAGRAM", "X", "TIKTOK", ...(linkedin ? (["LINKEDIN"] as const) : [])];
  const accounts = (await db().connectedAccount.findMany({
    // Cross-org on purpose: a system sweep; each account is then handled in its own org.
    where: { orgId: opts.orgId ?? ANY_ORG, status: "ACTIVE", platform: { in: platforms }, tokenCipher: { not: null }, OR: [{ lastCheckedAt: null }, { lastCheckedAt: { lt: due } }] },
    orderBy: { lastCheckedAt: { sort: "asc", nulls: "first" } },
    take: opts.limit ?? 100,
    select: { id: true, orgId: true, platform: true, externalId: true, tokenCipher: true, tokenExpiresAt: true, refreshTokenCipher: true, refreshTokenExpiresAt: true },
  })) as CheckedAccount[];
  for (const a of accounts) {
    let verdict: Verdict;
    try {
      verdict =
        a.platform === "LINKEDIN" ? await inspectLinkedIn(linkedin!, a)
        : a.platform === "X" ? await inspectX(x, opts.xOAuth ? { xOAuth: opts.xOAuth } : {}, a)
        : a.platform === "TIKTOK" ? await inspectTikTok(tiktok, opts.tiktokOAuth ? { tiktokOAuth: opts.tiktokOAuth } : {}, a)
        : await inspect(meta, appId, a.platform, a.externalId, openField(a.tokenCipher, "connected-account", a.orgId, a.id, "token"));
    } catch (error) {
      if (!(error instanceof PlatformError) || error.code !== "TOKEN_INVALID") {
        counts.failed++;
        continue;
      }
      verdict = { status: "REVOKED", code: "TOKEN_INVALID" };
    }
    counts.checked++;
    if (verdict.status !== "ACTIVE") {
      const mails = await db().$transaction((tx) => markAccountTokenInvalid(tx, a.orgId, a.id, verdict.code, verdict.status));
      for (const id of mails) await deliverMail(id);
      counts[verdict.status === "EXPIRED" ? "expired" : "revoked"]++;
      continue;
    }
    const ok = verdict;
    await db().$transaction(async (tx) => {
      await tx.connectedAccount.updateMany({ where: { id: a.id, orgId: a.orgId, status: "ACTIVE" }, data: { lastCheckedAt: new Date(), tokenExpiresAt: ok.expiresAt, scopes: ok.scopes, lastErrorCode: null } });
      if (ok.resubscribed) {
        await recordAuditEvent(tx, { ...WORKER_ACTOR, orgId: a.orgId, action: "account.resubscribed", targetType: "ConnectedAccount", targetId: a.id, metadata: { platform: a.platform, fields: ["feed"] } });
      }
    });
    if (ok.resubscribed) counts.resubscribed++;
  }
  return counts;
}

async function inspect(meta: MetaClient, appId: string, platform: Channel, externalId: string, token: string): Promise<Verdict> {
  const info = await meta.debugToken(token);
  if (!info.isValid) return info.errorSubcode === 463 ? { status: "EXPIRED", code: "TOKEN_EXPIRED" } : { status: "REVOKED", code: "TOKEN_INVALID" };
  const required: readonly string[] = platform === "INSTAGRAM" ? REQUIRED_SCOPES.INSTAGRAM : REQUIRED_SCOPES.FACEBOOK;
  if (required.some((s) => !info.scopes.includes(s))) return { status: "REVOKED", code: "MISSING_PERMISSIONS" };
  let resubscribed = false;
  // Webhooks come through the Facebook Page's subscription (Instagram's ride on its Page).
  if (platform === "FACEBOOK") {
    const apps = await meta.listSubscribedApps(token, externalId);
    if (!apps.some((app) => app.appId === appId && app.fields.includes("feed"))) {
      await meta.subscribeApp(token, externalId, ["feed"]);
      resubscribed = true;
    }
  }
  return { status: "ACTIVE", expiresAt: info.expiresAt, scopes: info.scopes, resubscribed };
}
