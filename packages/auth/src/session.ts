import { webEnv } from "@vetted/config";
import { logger } from "@vetted/log";
import { cookies } from "next/headers";
import { identityFromCookies, type SessionIdentity } from "./session-cookie";

export type { SessionIdentity } from "./session-cookie";

/**
 * The signed-in identity from the Auth.js cookie, or null. The only place that reads it: tests of
 * the route matrix substitute this module to act as a given user. Read by session-cookie.ts, not by
 * auth() (why: there).
 */
export async function currentIdentity(): Promise<SessionIdentity | null> {
  const env = webEnv();
  const result = await identityFromCookies((await cookies()).getAll(), { appUrl: env.APP_URL, secret: env.AUTH_SECRET });
  // An expired token is the normal end of a 12-hour session; anything else is worth a look. Never the token.
  if (result.refused) logger()[result.refused === "ERR_JWT_EXPIRED" ? "info" : "warn"]({ event: "auth.session_token_refused", reason: result.refused });
  return result.identity;
}
