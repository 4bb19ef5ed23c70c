import { randomUUID } from "node:crypto";
import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { newPkceVerifier } from "../platforms/x-oauth";
import { parseInput } from "../validate";
import {
  CONNECT_PLATFORMS, CONNECT_STATE_TTL_MS, LINKEDIN_CONNECT_SCOPES, linkedinOAuthOf, META_CONNECT_SCOPES, metaOf, newConnectState, redirectUriOf,
  sealConnectVerifier, TIKTOK_CONNECT_SCOPES, tiktokOAuthOf, X_CONNECT_SCOPES, xOAuthOf, type ConnectDeps, type ConnectPlatform,
} from "./account-connect";

export const startAccountConnectSchema = z.object({
  platform: z.enum(CONNECT_PLATFORMS, { message: "platform must be FACEBOOK, LINKEDIN, X or TIKTOK (Instagram comes with its Facebook Page)" }).default("FACEBOOK"),
});

/**
 * An admin starts connecting an account: a Facebook Page (and its Instagram account), a LinkedIn
 * Company Page, an X account or a TikTok Business account. A single-use state bound to this org and this admin is stored
 * (hashed), and the browser goes to the platform's consent page. For X (PKCE) the code_verifier is
 * stored encrypted beside it; only its S256 challenge goes into the URL.
 */
export async function startAccountConnect(ctx: TenantContext, input: unknown, deps: ConnectDeps = {}): Promise<{ authorizeUrl: string; expiresAt: Date }> {
  assertCan(ctx, "accounts.manage");
  const { platform } = parseInput(startAccountConnectSchema, input ?? {});
  const { state, stateHash } = newConnectState();
  const id = randomUUID();
  const verifier = platform === "X" ? newPkceVerifier() : null;
  // Built before anything is stored: an unconfigured platform refuses here, leaving no row behind.
  const authorizeUrl = authorizeUrlFor(platform, state, verifier, deps);
  const expiresAt = new Date(Date.now() + CONNECT_STATE_TTL_MS);
  await ctx.db.$transaction(async (tx) => {
    await tx.accountConnectState.create({
      data: { id, orgId: ctx.org.id, userId: ctx.user.id, platform, stateHash, expiresAt, codeVerifierCipher: verifier ? sealConnectVerifier(verifier, ctx.org.id, id) : null },
    });
    await recordAuditEvent(tx, { orgId: ctx.org.id, actorId: ctx.user.id, action: "account.connect_started", targetType: "AccountConnectState", targetId: id, metadata: { platform, pkce: Boolean(verifier) }, request: ctx.request });
  });
  return { authorizeUrl, expiresAt };
}

function authorizeUrlFor(platform: ConnectPlatform, state: string, verifier: string | null, deps: ConnectDeps): string {
  const redirectUri = redirectUriOf(deps, platform);
  switch (platform) {
    case "FACEBOOK":
      return metaOf(deps).oauthAuthorizeUrl(state, redirectUri, META_CONNECT_SCOPES);
    case "LINKEDIN":
      return linkedinOAuthOf(deps).authorizeUrl(state, redirectUri, LINKEDIN_CONNECT_SCOPES);
    case "X":
      return xOAuthOf(deps).authorizeUrl(state, redirectUri, X_CONNECT_SCOPES, verifier!);
    case "TIKTOK":
      return tiktokOAuthOf(deps).authorizeUrl(state, redirectUri, TIKTOK_CONNECT_SCOPES);
  }
}
