import { createHash, randomBytes } from "node:crypto";
import { mailEnv, metaEnv } from "@vetted/config";
import { z } from "zod";
import { decryptField, encryptField } from "../consents/crypto";
import { AppError } from "../errors";
import { linkedinClientFromEnv, type LinkedInClient } from "../platforms/linkedin-client";
import { linkedinOAuthFromEnv, type LinkedInOAuth } from "../platforms/linkedin-oauth";
import { metaClientFromEnv, type MetaClient } from "../platforms/meta-client";
import { PlatformError } from "../platforms/platform-error";
import { xClientFromEnv, type XClient } from "../platforms/x-client";
import { xOAuthFromEnv, type XOAuth } from "../platforms/x-oauth";
import { tiktokClientFromEnv, type TikTokClient } from "../platforms/tiktok-client";
import { tiktokOAuthFromEnv, type TikTokOAuth } from "../platforms/tiktok-oauth";

// Shared pieces of the "connect an account" OAuth flows: a Facebook Page (with its Instagram
// account), a LinkedIn Company Page, an X account, a TikTok Business account (start-account-connect.ts,
// complete-account-connect.ts, list-connectable-pages.ts, connect-selected-pages.ts).

/** The platforms an admin connects through OAuth (Instagram comes with its Facebook Page). */
export const CONNECT_PLATFORMS = ["FACEBOOK", "LINKEDIN", "X", "TIKTOK"] as const;
export type ConnectPlatform = (typeof CONNECT_PLATFORMS)[number];
/** The callback path segment: /api/oauth/<slug>/callback. */
export const CALLBACK_SLUG: Record<ConnectPlatform, string> = { FACEBOOK: "meta", LINKEDIN: "linkedin", X: "x", TIKTOK: "tiktok" };
const PLATFORM_NAME: Record<ConnectPlatform, string> = { FACEBOOK: "Meta", LINKEDIN: "LinkedIn", X: "X", TIKTOK: "TikTok" };

/** How long the OAuth `state` is valid, and how long the admin has to pick Pages afterwards. */
export const CONNECT_STATE_TTL_MS = 10 * 60_000;
export const PAGE_PICK_TTL_MS = 10 * 60_000;

/** What Vetted asks Meta for: list Pages, read and moderate comments, answer privately, Instagram the same. */
export const META_CONNECT_SCOPES = [
  "pages_show_list", "pages_read_engagement", "pages_manage_engagement", "pages_manage_metadata", "pages_messaging",
  "instagram_basic", "instagram_manage_comments", "instagram_manage_messages",
] as const;

/** LinkedIn: read and delete the organization's comments, list the organizations the member administers. */
export const LINKEDIN_CONNECT_SCOPES = ["r_organization_social", "w_organization_social", "rw_organization_admin"] as const;
/** X: read posts and replies, hide replies, and a refresh token (offline.access: access tokens last 2 hours). */
export const X_CONNECT_SCOPES = ["tweet.read", "users.read", "tweet.moderate.write", "offline.access"] as const;
/** TikTok (API for Business): the profile, the videos, read and manage (hide, reply to) their comments. */
export const TIKTOK_CONNECT_SCOPES = ["user.info.basic", "video.list", "comment.list", "comment.list.manage"] as const;

/** The scopes without which moderation cannot work, per platform: losing one marks the account REVOKED. */
export const REQUIRED_SCOPES = {
  FACEBOOK: ["pages_read_engagement", "pages_manage_engagement", "pages_manage_metadata"],
  INSTAGRAM: ["instagram_manage_comments"],
  LINKEDIN: ["r_organization_social", "w_organization_social"],
  X: ["tweet.read", "users.read", "tweet.moderate.write"],
  TIKTOK: ["video.list", "comment.list", "comment.list.manage"],
} as const;

/** 256 random bits, URL-safe. Only the SHA-256 is stored: a database read cannot complete a connection. */
export function newConnectState(): { state: string; stateHash: string } {
  const state = randomBytes(32).toString("base64url");
  return { state, stateHash: hashConnectState(state) };
}
export const hashConnectState = (state: string) => createHash("sha256").update(state).digest("hex");
export const stateField = z.string({ message: "state is missing" }).regex(/^[A-Za-z0-9_-]{43}$/, "state is malformed");

// AAD "account-connect:<orgId>:<id>:token" for the waiting user token (Meta) or grant (LinkedIn, as
// JSON), ":verifier" for X's PKCE code_verifier.
const connectAad = (orgId: string, id: string, field: "token" | "verifier") => `account-connect:${orgId}:${id}:${field}`;
export const sealConnectToken = (token: string, orgId: string, id: string) => encryptField(token, connectAad(orgId, id, "token"));
export const openConnectToken = (envelope: string, orgId: string, id: string) => decryptField(envelope, connectAad(orgId, id, "token"));
export const sealConnectVerifier = (verifier: string, orgId: string, id: string) => encryptField(verifier, connectAad(orgId, id, "verifier"));
export const openConnectVerifier = (envelope: string, orgId: string, id: string) => decryptField(envelope, connectAad(orgId, id, "verifier"));

export interface ConnectDeps {
  /** Default: the Meta client from META_* settings. */
  meta?: MetaClient;
  /** Defaults: the clients from LINKEDIN_* and X_* settings. */
  linkedinOAuth?: LinkedInOAuth;
  linkedin?: LinkedInClient;
  xOAuth?: XOAuth;
  x?: XClient;
  tiktokOAuth?: TikTokOAuth;
  tiktok?: TikTokClient;
  /** Default: APP_URL + /api/oauth/<meta|linkedin|x|tiktok>/callback. Must be the same at the start and at the exchange. */
  redirectUri?: string;
}
export const metaOf = (deps: ConnectDeps) => deps.meta ?? metaClientFromEnv();
export const linkedinOf = (deps: ConnectDeps) => deps.linkedin ?? linkedinClientFromEnv();
export const xOf = (deps: ConnectDeps) => deps.x ?? xClientFromEnv();
export const tiktokOf = (deps: ConnectDeps) => deps.tiktok ?? tiktokClientFromEnv();

const notConfigured = (platform: ConnectPlatform, vars: string) => new AppError("CONFLICT", `${PLATFORM_NAME[platform]} accounts cannot be connected: this Vetted installation has no ${vars}`);
export function linkedinOAuthOf(deps: ConnectDeps): LinkedInOAuth {
  if (deps.linkedinOAuth) return deps.linkedinOAuth;
  try {
    return linkedinOAuthFromEnv();
  } catch (error) {
    if (error instanceof PlatformError) throw notConfigured("LINKEDIN", "LINKEDIN_CLIENT_ID / LINKEDIN_CLIENT_SECRET");
    throw error;
  }
}
export function xOAuthOf(deps: ConnectDeps): XOAuth {
  if (deps.xOAuth) return deps.xOAuth;
  try {
    return xOAuthFromEnv();
  } catch (error) {
    if (error instanceof PlatformError) throw notConfigured("X", "X_CLIENT_ID / X_CLIENT_SECRET");
    throw error;
  }
}
export function tiktokOAuthOf(deps: ConnectDeps): TikTokOAuth {
  if (deps.tiktokOAuth) return deps.tiktokOAuth;
  try {
    return tiktokOAuthFromEnv();
  } catch (error) {
    if (error instanceof PlatformError) throw notConfigured("TIKTOK", "TIKTOK_CLIENT_ID / TIKTOK_CLIENT_SECRET");
    throw error;
  }
}
export const redirectUriOf = (deps: ConnectDeps, platform: ConnectPlatform = "FACEBOOK") =>
  deps.redirectUri ?? `${mailEnv().APP_URL.replace(/\/+$/, "")}/api/oauth/${CALLBACK_SLUG[platform]}/callback`;
export const metaAppId = () => metaEnv().META_APP_ID;

export const CONNECT_NOT_FOUND = "This connection request is unknown or was already used: start again from Settings, Connected accounts";
export const CONNECT_EXPIRED = "This connection request expired (it lasts 10 minutes): start again from Settings, Connected accounts";

/**
 * A platform refusal during connection, as a 4xx the admin can act on. Only the operation and codes
 * travel: the platform's own message could quote a token or a Page's content.
 */
export function connectFailure(error: unknown, field = "_", platform: ConnectPlatform = "FACEBOOK"): never {
  if (error instanceof PlatformError) {
    const name = PLATFORM_NAME[platform];
    const retry = error.retryable ? `${name} is busy or unreachable; try again in a minute` : "start again and accept all the requested permissions";
    throw new AppError("CONFLICT", `${name} refused the connection (${error.operation}: ${error.code}); ${retry}`, { [field]: [error.code] });
  }
  throw error;
}
