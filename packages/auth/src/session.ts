import { webEnv } from "@vetted/config";
import { AppError } from "@vetted/domain";
import { logger } from "@vetted/log";
import { cookies } from "next/headers";
import { identityFromCookies, type SessionIdentity } from "./session-cookie";

export type { SessionIdentity } from "./session-cookie";

const EXPIRED = "ERR_JWT_EXPIRED";

/**
 * The signed-in identity from the Auth.js cookie, or null. The only place that reads it: tests of
 * the route matrix substitute this module to act as a given user. Read by session-cookie.ts, not by
 * auth() (why: there). A token past its 12 hours is UNAUTHENTICATED "expired", so sign-in can say why.
 */
export async function currentIdentity(): Promise<SessionIdentity | null> {
  const env = webEnv();
  const result = await identityFromCookies((await cookies()).getAll(), { appUrl: env.APP_URL, secret: env.AUTH_SECRET });
  if (result.refused === EXPIRED) throw new AppError("UNAUTHENTICATED", "expired");
  // Anything else refused is worth a look (another secret, a forged or damaged token). Never the token.
  if (result.refused) logger().warn({ event: "auth.session_token_refused", reason: result.refused });
  return result.identity;
}
