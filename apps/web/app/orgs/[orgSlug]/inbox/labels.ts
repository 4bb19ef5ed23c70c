// Words for the inbox's enums (tabs, statuses, actions' outcomes), shared by its pages.

export const TAB_LABELS = { new: "New", hidden: "Hidden, pending review", needs_reply: "Needs reply", resolved: "Resolved", escalated: "Escalated" } as const;
export type TabKey = keyof typeof TAB_LABELS;
export const TAB_KEYS = Object.keys(TAB_LABELS) as TabKey[];

export const ACTION_LABELS: Record<string, string> = { HIDE: "Hide", UNHIDE: "Unhide", DELETE: "Delete", PRIVATE_REPLY: "Private reply", PUBLIC_REPLY: "Public reply" };
export const ACTION_STATUS: Record<string, string> = { PENDING: "sending", SENT: "sent", FAILED: "failed" };
/** Why an outbox action failed, in words (codes from the connectors). */
export const ERROR_WORDS: Record<string, string> = {
  UNSUPPORTED: "this platform does not support it yet", OUTCOME_UNKNOWN: "the platform did not answer; check on the platform before trying again",
  WINDOW_CLOSED: "the 7-day private-reply window had closed", ALREADY_REPLIED: "the platform already had a private reply", COMMENT_REMOVED: "the comment was removed",
  TOKEN_INVALID: "the account's connection expired: reconnect it", RATE_LIMITED: "the platform asked us to slow down", PERMISSION: "the account lacks the permission",
};

/** The filters the inbox keeps in its URL: enums, numbers and ids only, never text. */
export const FILTER_KEYS = ["tab", "verdict", "platform", "assigned", "page"] as const;
export type InboxFilters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

export function pickFilters(raw: Record<string, string | string[] | undefined>): InboxFilters {
  return Object.fromEntries(FILTER_KEYS.flatMap((k) => (typeof raw[k] === "string" && raw[k] ? [[k, raw[k]]] : []))) as InboxFilters;
}

export function query(filters: InboxFilters, change: InboxFilters = {}): string {
  const merged = { ...filters, ...change };
  const params = new URLSearchParams(Object.entries(merged).filter(([, v]) => v) as [string, string][]);
  const s = params.toString();
  return s ? `?${s}` : "";
}
