import type { Channel, ConnectedAccountStatus } from "@vetted/db";

// What an account's status means, in plain words for the accounts page. Codes come from
// check-connected-accounts.ts, mark-account-token-invalid.ts and disconnect-account.ts.

const SITE: Partial<Record<Channel, { company: string; site: string; role: string }>> = {
  LINKEDIN: { company: "LinkedIn", site: "LinkedIn", role: "left the Company Page's admins" },
  X: { company: "X", site: "X", role: "removed Vetted from the account's connected apps" },
  TIKTOK: { company: "TikTok", site: "TikTok", role: "removed Vetted from the Business account's authorized apps" },
};
const META = { company: "Meta", site: "Facebook", role: "changed their password or left the Page" };

export function accountStatusWords(status: ConnectedAccountStatus, code: string | null, platform: Channel = "FACEBOOK"): string {
  const p = SITE[platform] ?? META;
  if (status === "ACTIVE") return "Connected: new comments are scanned and comments with PHI are hidden automatically.";
  if (status === "EXPIRED") {
    return `${p.company} ended Vetted's access (the token expired, or the person who connected it ${p.role}). Comments are not moderated until an admin reconnects.`;
  }
  if (status === "REVOKED") {
    if (code === "DISCONNECTED") return "Disconnected by an admin: Vetted holds no token for it and ignores its comments.";
    if (code === "MISSING_PERMISSIONS") return `A permission Vetted needs was removed on ${p.site}. Reconnect and accept every permission asked for.`;
    if (code === "ACCOUNT_MISMATCH") return `The token ${p.site} gave Vetted belongs to another account. Reconnect while signed in as this account.`;
    return `Access was revoked on ${p.site} (the app was removed or an admin role changed). Reconnect to moderate comments again.`;
  }
  return `Vetted could not check this account${code ? ` (${code})` : ""}. It tries again every hour; reconnect if this stays.`;
}
