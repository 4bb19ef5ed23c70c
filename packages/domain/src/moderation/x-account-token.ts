import { scopedDb } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { PlatformError } from "../platforms/platform-error";
import { xOAuthFromEnv, type XOAuth } from "../platforms/x-oauth";
import { openField, sealField } from "./moderation-crypto";

// X access tokens last 2 hours. Every X call of the worker (the reply poll, hide and unhide, the
// account check) goes through withXAccountToken: the stored token is refreshed shortly before it
// expires, and once more when X answers 401 anyway. X rotates the refresh token on each use, so a
// refresh is serialized on the account row (SELECT … FOR UPDATE) and the new pair is stored in the
// same transaction; a second worker that waited finds the token changed and uses the new one
// instead of spending the old refresh token. A refused refresh is TOKEN_INVALID: the caller marks
// the account (mark-account-token-invalid.ts). Accounts without a refresh token (seeded with a
// non-expiring token) are used as they are.

export interface XTokenOptions {
  /** Default: the OAuth client from X_* settings. */
  xOAuth?: XOAuth;
  /** Refresh when the token ends within this (default 5 minutes). */
  skewMs?: number;
}

export interface XAccountRef {
  orgId: string;
  accountId: string;
}

const open = (ref: XAccountRef, envelope: string, field: "token" | "refresh") => openField(envelope, "connected-account", ref.orgId, ref.accountId, field);
const seal = (ref: XAccountRef, plain: string, field: "token" | "refresh") => sealField(plain, "connected-account", ref.orgId, ref.accountId, field);

/** Runs `call` with a working access token of the X account (refreshed first, or after a 401, when it can be). */
export async function withXAccountToken<T>(ref: XAccountRef, call: (token: string) => Promise<T>, opts: XTokenOptions = {}): Promise<T> {
  const row = await scopedDb(ref.orgId).connectedAccount.findFirst({
    where: { id: ref.accountId, orgId: ref.orgId, status: "ACTIVE" },
    select: { tokenCipher: true, tokenExpiresAt: true, refreshTokenCipher: true },
  });
  if (!row?.tokenCipher) throw new PlatformError("TOKEN_INVALID", "xAccountToken");
  const seen = row.tokenCipher;
  const due = row.tokenExpiresAt !== null && row.tokenExpiresAt.getTime() - Date.now() <= (opts.skewMs ?? 5 * 60_000);
  if (row.refreshTokenCipher && due) return call(await refreshXAccountToken(ref, seen, opts));
  try {
    return await call(open(ref, seen, "token"));
  } catch (error) {
    if (!row.refreshTokenCipher || !(error instanceof PlatformError) || error.code !== "TOKEN_INVALID") throw error;
    return call(await refreshXAccountToken(ref, seen, opts));
  }
}

/**
 * Exchanges the account's refresh token for a new access token and refresh token, stored together.
 * `seenTokenCipher` is the access token the caller found stale: when the row holds another one by
 * the time the lock is taken, another worker refreshed meanwhile and that token is answered.
 */
export async function refreshXAccountToken(ref: XAccountRef, seenTokenCipher: string, opts: XTokenOptions = {}): Promise<string> {
  const oauth = opts.xOAuth ?? xOAuthFromEnv();
  return scopedDb(ref.orgId).$transaction(
    async (tx) => {
      const [locked] = await tx.$queryRaw<{ tokenCipher: string | null; refreshTokenCipher: string | null; status: string }[]>`
        SELECT "tokenCipher", "refreshTokenCipher", status::text FROM "ConnectedAccount"
        WHERE id = ${ref.accountId}::uuid AND "orgId" = ${ref.orgId}::uuid AND platform = 'X' FOR UPDATE`;
      if (!locked || locked.status !== "ACTIVE" || !locked.tokenCipher) throw new PlatformError("TOKEN_INVALID", "refreshToken");
      if (locked.tokenCipher !== seenTokenCipher) return open(ref, locked.tokenCipher, "token");
      if (!locked.refreshTokenCipher) throw new PlatformError("TOKEN_INVALID", "refreshToken");
      const grant = await oauth.refresh(open(ref, locked.refreshTokenCipher, "refresh"));
      await tx.connectedAccount.updateMany({
        where: { id: ref.accountId, orgId: ref.orgId },
        data: {
          tokenCipher: seal(ref, grant.accessToken, "token"),
          tokenExpiresAt: grant.expiresAt,
          // X always sends a new one with offline.access; should it not, the old one is kept.
          ...(grant.refreshToken ? { refreshTokenCipher: seal(ref, grant.refreshToken, "refresh"), refreshTokenExpiresAt: grant.refreshExpiresAt ?? null } : {}),
          ...(grant.scopes.length ? { scopes: grant.scopes } : {}),
        },
      });
      await recordAuditEvent(tx, { ...WORKER_ACTOR, orgId: ref.orgId, action: "account.token_refreshed", targetType: "ConnectedAccount", targetId: ref.accountId, metadata: { platform: "X", rotated: Boolean(grant.refreshToken) } });
      return grant.accessToken;
    },
    // The refresh is an HTTP call inside the lock: allow for X's timeout.
    { timeout: 30_000, maxWait: 15_000 },
  );
}
