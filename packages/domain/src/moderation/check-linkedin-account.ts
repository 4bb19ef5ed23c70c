import { scopedDb } from "@vetted/db";
import type { LinkedInOAuth } from "../platforms/linkedin-oauth";
import { PlatformError } from "../platforms/platform-error";
import { REQUIRED_SCOPES } from "./account-connect";
import type { CheckedAccount, Verdict } from "./check-connected-accounts";
import { openField, sealField } from "./moderation-crypto";

// The account check for a LinkedIn Company Page (check-connected-accounts.ts): the member token is
// introspected with the app's credentials (POST /oauth/v2/introspectToken). A token that is expired,
// or ends within 7 days, is refreshed when LinkedIn granted a refresh token (the new access token is
// stored at once); otherwise an expired token is EXPIRED, a revoked one or a lost permission REVOKED.

const REFRESH_AHEAD_MS = 7 * 86_400_000;

export async function inspectLinkedIn(oauth: LinkedInOAuth, a: CheckedAccount): Promise<Verdict> {
  const info = await oauth.introspect(openField(a.tokenCipher, "connected-account", a.orgId, a.id, "token"));
  const now = Date.now();
  const ending = info.active && info.expiresAt !== null && info.expiresAt.getTime() - now < REFRESH_AHEAD_MS;
  const refreshable = a.refreshTokenCipher && (!a.refreshTokenExpiresAt || a.refreshTokenExpiresAt.getTime() > now);
  if (refreshable && info.status !== "revoked" && (ending || !info.active)) {
    const refreshed = await refresh(oauth, a).catch((error: unknown) => {
      // A refused refresh leaves the introspection's answer; anything else waits for the next run.
      if (error instanceof PlatformError && error.code === "TOKEN_INVALID") return null;
      throw error;
    });
    if (refreshed) return refreshed;
  }
  if (!info.active) return info.status === "expired" || (info.expiresAt && info.expiresAt.getTime() <= now) ? { status: "EXPIRED", code: "TOKEN_EXPIRED" } : { status: "REVOKED", code: "TOKEN_INVALID" };
  if (REQUIRED_SCOPES.LINKEDIN.some((s) => !info.scopes.includes(s))) return { status: "REVOKED", code: "MISSING_PERMISSIONS" };
  return { status: "ACTIVE", expiresAt: info.expiresAt, scopes: info.scopes, resubscribed: false };
}

async function refresh(oauth: LinkedInOAuth, a: CheckedAccount): Promise<Verdict> {
  const grant = await oauth.refresh(openField(a.refreshTokenCipher!, "connected-account", a.orgId, a.id, "refresh"));
  const info = await oauth.introspect(grant.accessToken);
  if (!info.active) return { status: "REVOKED", code: "TOKEN_INVALID" };
  // LinkedIn keeps the refresh token's original end; a new one, when sent, replaces it.
  await scopedDb(a.orgId).connectedAccount.updateMany({
    where: { id: a.id, orgId: a.orgId, status: "ACTIVE" },
    data: {
      tokenCipher: sealField(grant.accessToken, "connected-account", a.orgId, a.id, "token"), tokenExpiresAt: grant.expiresAt ?? info.expiresAt,
      ...(grant.refreshToken ? { refreshTokenCipher: sealField(grant.refreshToken, "connected-account", a.orgId, a.id, "refresh"), refreshTokenExpiresAt: grant.refreshExpiresAt ?? a.refreshTokenExpiresAt } : {}),
    },
  });
  if (REQUIRED_SCOPES.LINKEDIN.some((s) => !info.scopes.includes(s))) return { status: "REVOKED", code: "MISSING_PERMISSIONS" };
  return { status: "ACTIVE", expiresAt: grant.expiresAt ?? info.expiresAt, scopes: info.scopes, resubscribed: false, refreshed: true };
}
