import type { ConnectedAccountStatus } from "@vetted/db";

// What an account's status means, in plain words for the accounts page. Codes come from
// check-connected-accounts.ts, mark-account-token-invalid.ts and disconnect-account.ts.

export function accountStatusWords(status: ConnectedAccountStatus, code: string | null): string {
  if (status === "ACTIVE") return "Connected: new comments are scanned and comments with PHI are hidden automatically.";
  if (status === "EXPIRED") {
    return "Meta ended Vetted's access (the token expired, or the person who connected it changed their password or left the Page). Comments are not moderated until an admin reconnects.";
  }
  if (status === "REVOKED") {
    if (code === "DISCONNECTED") return "Disconnected by an admin: Vetted holds no token for it and ignores its comments.";
    if (code === "MISSING_PERMISSIONS") return "A permission Vetted needs was removed on Facebook. Reconnect and accept every permission asked for.";
    return "Access was revoked on Facebook (the app was removed or a Page role changed). Reconnect to moderate comments again.";
  }
  return `Vetted could not check this account${code ? ` (${code})` : ""}. It tries again every hour; reconnect if this stays.`;
}
