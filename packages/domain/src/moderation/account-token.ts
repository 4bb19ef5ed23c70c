import { scopedDb, forOrg, ORG_ID, rawSql } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import type { OAuthGrant } from "../platforms/oauth-http";
import { PlatformError } from "../platforms/platform-error";
import { openField, sealField } from "./moderation-crypto";

// The stored user token of an X, LinkedIn or TikTok account, refreshed when it can be. Every call of the
// worker with such a token goes through withAccountToken: the token is refreshed shortly before it
// expires (when its end is known), and once more when the platform answers 401 anyway. X rotates
// the refresh token on each use, so a refresh is serialized on the account row (SELECT … FOR
// UPDATE) and the new pair is stored in the same transaction; a second worker that waited finds the
// token changed and uses the new one instead of spending the old refresh token. "Changed" is read
// from the decrypted token, never the envelope: a key rotation (reencrypt-stored-fields.ts) rewrites
// the envelope of the same token. A refused refresh is TOKEN_INVALID: the caller marks the account
// (mark-account-token-invalid.ts). Accounts without a refresh token are used as they are.

export type RefreshablePlatform = "X" | "LINKEDIN" | "TIKTOK";

export interface TokenRefresher {
  refresh(refreshToken: string): Promise<OAuthGrant>;
}

export interface AccountTokenOptions {
  /** The platform's OAuth client, asked for only when a refresh is due; null: none configured (no refresh). */
  refresher: () => TokenRefresher | null;
  /** Refresh when the token ends within this (default 5 minutes). */
  skewMs?: number;
  /** Refresh before the call whatever the token's end (the account check: the grant's scopes come with a refresh). */
  forceRefresh?: boolean;
}

export interface AccountRef {
  orgId: string;
  accountId: string;
}

const open = (ref: AccountRef, envelope: string, field: "token" | "refresh") => openField(envelope, "connected-account", ref.orgId, ref.accountId, field);
const seal = (ref: AccountRef, plain: string, field: "token" | "refresh") => sealField(plain, "connected-account", ref.orgId, ref.accountId, field);
const isTokenInvalid = (error: unknown) => error instanceof PlatformError && error.code === "TOKEN_INVALID";

/** Runs `call` with a working access token of the account (refreshed first, or after a 401, when it can be). */
export async function withAccountToken<T>(platform: RefreshablePlatform, ref: AccountRef, call: (token: string) => Promise<T>, opts: AccountTokenOptions): Promise<T> {
  const row = await scopedDb(ref.orgId).connectedAccount.findFirst({
    where: { id: ref.accountId, orgId: ref.orgId, platform, status: "ACTIVE" },
    select: { tokenCipher: true, tokenExpiresAt: true, refreshTokenCipher: true },
  });
  if (!row?.tokenCipher) throw new PlatformError("TOKEN_INVALID", "accountToken");
  const seen = open(ref, row.tokenCipher, "token");
  const due = opts.forceRefresh || (row.tokenExpiresAt !== null && row.tokenExpiresAt.getTime() - Date.now() <= (opts.skewMs ?? 5 * 60_000));
  if (row.refreshTokenCipher && due) return call(await refreshAccountToken(platform, ref, seen, opts));
  try {
    return await call(seen);
  } catch (error) {
    if (!row.refreshTokenCipher || !isTokenInvalid(error)) throw error;
    return call(await refreshAccountToken(platform, ref, seen, opts, error));
  }
}

/**
 * Exchanges the account's refresh token for a new access token (and, on X, a new refresh token),
 * stored together. `seenToken` is the access token the caller found stale: when the row holds
 * another one by the time the lock is taken, another worker refreshed meanwhile and that one is
 * answered. Without an OAuth client to refresh with, `original` (the 401) is thrown again.
 */
export async function refreshAccountToken(platform: RefreshablePlatform, ref: AccountRef, seenToken: string, opts: AccountTokenOptions, original?: unknown): Promise<string> {
  return scopedDb(ref.orgId).$transaction(
    async (tx) => {
      const [locked] = await rawSql(tx, forOrg(ref.orgId)).query<{ tokenCipher: string | null; refreshTokenCipher: string | null; refreshTokenExpiresAt: Date | null; status: string }[]>`
        SELECT "tokenCipher", "refreshTokenCipher", "refreshTokenExpiresAt", status::text FROM "ConnectedAccount"
        WHERE id = ${ref.accountId}::uuid AND "orgId" = ${ORG_ID}::uuid AND platform = ${platform}::"Channel" FOR UPDATE`;
      if (!locked || locked.status !== "ACTIVE" || !locked.tokenCipher) throw new PlatformError("TOKEN_INVALID", "refreshToken");
      const current = open(ref, locked.tokenCipher, "token");
      if (current !== seenToken) return current;
      if (!locked.refreshTokenCipher) throw new PlatformError("TOKEN_INVALID", "refreshToken");
      const oauth = opts.refresher();
      if (!oauth) throw original ?? new PlatformError("TOKEN_INVALID", "refreshToken");
      const grant = await oauth.refresh(open(ref, locked.refreshTokenCipher, "refresh"));
      await tx.connectedAccount.updateMany({
        where: { id: ref.accountId, orgId: ref.orgId },
        data: {
          tokenCipher: seal(ref, grant.accessToken, "token"),
          tokenExpiresAt: grant.expiresAt,
          // X always sends a new refresh token (the old one is spent); LinkedIn may send the same one
          // or none, and keeps its original end: whatever is not sent stays as it was.
          ...(grant.refreshToken ? { refreshTokenCipher: seal(ref, grant.refreshToken, "refresh"), refreshTokenExpiresAt: grant.refreshExpiresAt ?? locked.refreshTokenExpiresAt } : {}),
          // What the grant holds now: a permission taken back shows here (check-x-account.ts reads it).
          ...(grant.scopes.length ? { scopes: grant.scopes } : {}),
        },
      });
      await recordAuditEvent(tx, {
        ...WORKER_ACTOR, orgId: ref.orgId, action: "account.token_refreshed", targetType: "ConnectedAccount", targetId: ref.accountId,
        metadata: { platform, rotated: Boolean(grant.refreshToken) && grant.refreshToken !== open(ref, locked.refreshTokenCipher, "refresh") },
      });
      return grant.accessToken;
    },
    // The refresh is an HTTP call inside the lock: allow for the platform's timeout.
    { timeout: 30_000, maxWait: 15_000 },
  );
}
