import { decode } from "next-auth/jwt";

// Auth.js's session cookie, read without Auth.js's session endpoint: every page and route asks who is
// signed in, and auth() answers by running that endpoint in-process: a Request, the callbacks, and a new
// JWT encrypted for a Set-Cookie that a page cannot even send (bench:pages: its key derivations and
// ciphers were the largest part of a plain page's CPU after React). Decoding is the same call Auth.js
// makes (next-auth/jwt's decode, same secret and salt); what the session callback would add is the two
// claims read here. Not refreshing the cookie means a session token lives its 12 hours from sign-in
// whatever the activity, as NIST SP 800-63B asks of AAL2 (re-authenticate at least every 12 hours).

export interface CookieLike {
  name: string;
  value: string;
}

export interface SessionIdentity {
  userId: string;
  sessionId: string;
}

/** Over HTTPS Auth.js's cookies are Secure and prefixed (config.ts's useSecureCookies follows this too). */
export const servedOverHttps = (appUrl: string): boolean => new URL(appUrl).protocol === "https:";

export const sessionCookieName = (appUrl: string): string => `${servedOverHttps(appUrl) ? "__Secure-" : ""}authjs.session-token`;

/** The cookie's value; Auth.js splits one over 4 kB into `<name>.0`, `<name>.1`, … and joins them in order. */
export function sessionToken(cookies: readonly CookieLike[], name: string): string | undefined {
  const whole = cookies.find((c) => c.name === name);
  if (whole) return whole.value || undefined;
  const chunks = cookies
    .map((c) => ({ index: c.name.startsWith(`${name}.`) ? Number(c.name.slice(name.length + 1)) : NaN, value: c.value }))
    .filter((c) => Number.isInteger(c.index) && c.index >= 0)
    .sort((a, b) => a.index - b.index);
  return chunks.length ? chunks.map((c) => c.value).join("") : undefined;
}

export type IdentityResult = { identity: SessionIdentity; refused?: undefined } | { identity: null; refused?: string };

/**
 * Who the cookies say is signed in: the JWT's subject and the session row it names (config.ts's jwt
 * callback put it there). A token that does not decrypt with the secret, has expired, or lacks either
 * claim names nobody; `refused` says which (a kind, never the token).
 */
export async function identityFromCookies(cookies: readonly CookieLike[], opts: { appUrl: string; secret: string }): Promise<IdentityResult> {
  const name = sessionCookieName(opts.appUrl);
  const token = sessionToken(cookies, name);
  if (!token) return { identity: null };
  let payload: { sub?: unknown; sid?: unknown } | null;
  try {
    payload = await decode({ token, secret: opts.secret, salt: name });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { identity: null, refused: typeof code === "string" ? code : error instanceof Error ? error.name : "invalid" };
  }
  const userId = payload?.sub;
  const sessionId = payload?.sid;
  if (typeof userId !== "string" || !userId || typeof sessionId !== "string" || !sessionId) return { identity: null, refused: "claims" };
  return { identity: { userId, sessionId } };
}
