import { mailEnv } from "@vetted/config";

// The browser session of a client approver link (issue 16), after the mailed code was confirmed: a
// cookie scoped to the link's own path, so it rides along only to that link's page, images and
// decision. HttpOnly (no script reads it), SameSite=Strict, Secure and __Secure- prefixed over HTTPS.
// Only its SHA-256 is stored; it ends with the link, the decision or SESSION_HOURS.

const secure = () => new URL(mailEnv().APP_URL).protocol === "https:";
export const clientSessionCookieName = () => (secure() ? "__Secure-vetted_client_approval" : "vetted_client_approval");

export function clientSessionCookie(token: string, value: string, expires: Date): string {
  return `${clientSessionCookieName()}=${value}; Path=/approve/${token}; Expires=${expires.toUTCString()}; HttpOnly; SameSite=Strict${secure() ? "; Secure" : ""}`;
}

/** The session value a request carries, or null. */
export function clientSessionFrom(request: Request): string | null {
  const name = clientSessionCookieName();
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=") || null;
  }
  return null;
}
