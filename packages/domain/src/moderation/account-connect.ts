import { createHash, randomBytes } from "node:crypto";
import { mailEnv, metaEnv } from "@vetted/config";
import { z } from "zod";
import { decryptField, encryptField } from "../consents/crypto";
import { AppError } from "../errors";
import { metaClientFromEnv, type MetaClient } from "../platforms/meta-client";
import { PlatformError } from "../platforms/platform-error";

// Shared pieces of the "connect a Facebook Page" OAuth flow (start-account-connect.ts,
// complete-account-connect.ts, list-connectable-pages.ts, connect-selected-pages.ts).

/** How long the OAuth `state` is valid, and how long the admin has to pick Pages afterwards. */
export const CONNECT_STATE_TTL_MS = 10 * 60_000;
export const PAGE_PICK_TTL_MS = 10 * 60_000;

/** What Vetted asks Meta for: list Pages, read and moderate comments, answer privately, Instagram the same. */
export const META_CONNECT_SCOPES = [
  "pages_show_list", "pages_read_engagement", "pages_manage_engagement", "pages_manage_metadata", "pages_messaging",
  "instagram_basic", "instagram_manage_comments", "instagram_manage_messages",
] as const;

/** The scopes without which moderation cannot work, per platform: losing one marks the account REVOKED. */
export const REQUIRED_SCOPES = {
  FACEBOOK: ["pages_read_engagement", "pages_manage_engagement", "pages_manage_metadata"],
  INSTAGRAM: ["instagram_manage_comments"],
} as const;

/** 256 random bits, URL-safe. Only the SHA-256 is stored: a database read cannot complete a connection. */
export function newConnectState(): { state: string; stateHash: string } {
  const state = randomBytes(32).toString("base64url");
  return { state, stateHash: hashConnectState(state) };
}
export const hashConnectState = (state: string) => createHash("sha256").update(state).digest("hex");
export const stateField = z.string({ message: "state is missing" }).regex(/^[A-Za-z0-9_-]{43}$/, "state is malformed");

const tokenAad = (orgId: string, id: string) => `account-connect:${orgId}:${id}:token`;
export const sealConnectToken = (token: string, orgId: string, id: string) => encryptField(token, tokenAad(orgId, id));
export const openConnectToken = (envelope: string, orgId: string, id: string) => decryptField(envelope, tokenAad(orgId, id));

export interface ConnectDeps {
  /** Default: the Meta client from META_* settings. */
  meta?: MetaClient;
  /** Default: APP_URL + /api/oauth/meta/callback. Must be the same at the start and at the exchange. */
  redirectUri?: string;
}
export const metaOf = (deps: ConnectDeps) => deps.meta ?? metaClientFromEnv();
export const redirectUriOf = (deps: ConnectDeps) => deps.redirectUri ?? `${mailEnv().APP_URL.replace(/\/+$/, "")}/api/oauth/meta/callback`;
export const metaAppId = () => metaEnv().META_APP_ID;

export const CONNECT_NOT_FOUND = "This connection request is unknown or was already used: start again from Settings, Connected accounts";
export const CONNECT_EXPIRED = "This connection request expired (it lasts 10 minutes): start again from Settings, Connected accounts";

/**
 * A platform refusal during connection, as a 4xx the admin can act on. Only the operation and codes
 * travel: Meta's own message could quote a token or a Page's content.
 */
export function connectFailure(error: unknown, field = "_"): never {
  if (error instanceof PlatformError) {
    const retry = error.retryable ? "Meta is busy or unreachable; try again in a minute" : "start again and accept all the requested permissions";
    throw new AppError("CONFLICT", `Meta refused the connection (${error.operation}: ${error.code}); ${retry}`, { [field]: [error.code] });
  }
  throw error;
}
