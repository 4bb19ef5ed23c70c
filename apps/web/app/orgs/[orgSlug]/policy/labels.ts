// Words for the policy manual's pages (no domain import: the client forms use them too).

export const VERSION_STATUS_LABELS: Record<string, string> = {
  DRAFT: "Draft",
  IN_REVIEW: "In review",
  APPROVED: "Approved",
  SUPERSEDED_DRAFT: "Discarded draft",
};

export const SOURCE_TEXT: Record<string, string> = {
  "settings:accounts": "Connected accounts",
  "settings:consents": "Consent rules and privacy contact",
  "settings:reply_templates": "Reply templates",
  "settings:moderation": "Comment moderation settings",
  "settings:approval_policy": "Approval policy",
  "settings:manual": "Manual settings",
  "settings:org": "Organization settings",
};

/** "by a person", or which settings change proposed it. */
export function proposedByText(proposedBy: string | null): string {
  if (!proposedBy || proposedBy === "user") return "written by a person";
  return `proposed after a change to: ${SOURCE_TEXT[proposedBy] ?? proposedBy.replace(/^settings:/, "").replaceAll("_", " ")}`;
}

export const hashPrefix = (sha: string | null) => (sha ? `${sha.slice(0, 12)}…` : "—");
