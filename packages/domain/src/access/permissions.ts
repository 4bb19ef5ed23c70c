import type { Role } from "@vetted/db";
import { AppError } from "../errors";
import type { TenantContext } from "../context";

/** Every action a member can take inside a client org. Later features add theirs here. */
export const ACTIONS = [
  "org.view",
  "org.update",
  "members.view",
  "members.invite",
  "members.changeRole",
  "members.remove",
  "audit.view",
  "audit.export",
  "audit.verify",
  "posts.view",
  "posts.create",
  "posts.edit",
  "posts.submit",
  "posts.comment",
  "posts.review",
  "posts.override",
  "findings.dismiss",
  "scanner.allowList",
  "scanner.feedback",
  "scanner.feedbackExport",
  "media.upload",
  "media.download",
  "policy.manage",
  "consents.view",
  "consents.upload",
  "consents.verify",
  "consents.revoke",
  "consents.link",
  "comments.reply",
  // The moderation inbox (issue 12): read comments (PHI, audited), act on them, keep the templates,
  // and send a public reply the scanner refused (a compliance officer's written override).
  "comments.view",
  "comments.moderate",
  "comments.templates",
  "comments.override",
  // Connected social accounts (issue 12): see them, and connect / disconnect them.
  "accounts.view",
  "accounts.manage",
  // Private and employee groups (issue 12): any member reports a group post; officers and admins read
  // the reports (PHI, audited), resolve them and coach the employee; they also run the breach incidents.
  "groups.report",
  "groups.review",
  "incidents.manage",
  // The social media policy & procedures manual (issue 13). Not "policy.*": that is the approval policy.
  // Every member reads the manual; admins and officers edit drafts, the roster and the quiz; only a
  // compliance officer approves a version, and never one they wrote, edited or submitted.
  "manual.read",
  "manual.manage",
  "manual.approve",
  // Client approver links (issue 16): admins and compliance officers keep the client's approvers;
  // those who prepare or review posts send a post's link to one of them.
  "clientApprovers.manage",
  "posts.sendToClient",
  // The per-client compliance report (issue 16): it quotes the officers' override justifications,
  // which may quote post content, so it is read as PHI. Only roles that already read those
  // justifications on the post page (posts.view) and keep the org's compliance records (the audit
  // log) hold it: admins and compliance officers (reports/report-access.test.ts holds it to that).
  "reports.view",
] as const;
export type Action = (typeof ACTIONS)[number];

// One flat table: reading it answers "who may do what" without following code paths.
const PERMISSIONS: Record<Role, readonly Action[]> = {
  // Overriding a blocking finding is the compliance officer's call alone, by policy. So is verifying
  // a consent against its signed file: it is the independent check on whoever uploaded it (often an
  // admin or the front desk), and the approval gate relies on it. So is the scanner's allow list:
  // a term on it is never flagged again, for any post, so it must not be in the authors' hands.
  // Labelling the scanner's findings as training data (scanner.feedback) is the same judgement;
  // admins may export the labels (scanner.feedbackExport) but not give them.
  ADMIN: ACTIONS.filter((a) => a !== "posts.override" && a !== "consents.verify" && a !== "scanner.allowList" && a !== "scanner.feedback" && a !== "comments.override" && a !== "manual.approve"),
  // Connecting and disconnecting social accounts (accounts.manage) is an admin's alone: it hands the
  // org's Page tokens to Vetted. Officers and consultants see the list (accounts.view).
  // findings.dismiss covers non-blocking findings only (dismiss-finding.ts): a blocking one is
  // cleared by an override, never by a dismissal.
  COMPLIANCE_OFFICER: [
    "org.view", "members.view", "audit.view", "audit.export", "audit.verify",
    "posts.view", "posts.comment", "posts.review", "posts.override", "findings.dismiss", "scanner.allowList", "media.download",
    "scanner.feedback", "scanner.feedbackExport", "consents.view", "consents.upload", "consents.verify", "consents.revoke", "consents.link",
    "comments.reply", "comments.view", "comments.moderate", "comments.templates", "comments.override", "accounts.view",
    "groups.report", "groups.review", "incidents.manage", "manual.read", "manual.manage", "manual.approve",
    "clientApprovers.manage", "posts.sendToClient", "reports.view",
  ],
  // Consultants prepare posts: they say who is shown in an image and link the consents.
  CONSULTANT: [
    "org.view", "members.view", "posts.view", "posts.create", "posts.edit", "posts.submit", "posts.comment",
    "findings.dismiss", "media.upload", "media.download", "consents.view", "consents.upload", "consents.link",
    "comments.reply", "comments.view", "comments.moderate", "accounts.view", "groups.report", "manual.read", "posts.sendToClient",
  ],
  // Staff (e.g. the front desk) collect signed forms: they upload and look them up, nothing more.
  // Revocation is recorded by a compliance officer or admin, who must also act on affected posts.
  // Any member reports a post they saw in an employee group (groups.report); only that, for groups.
  STAFF: ["org.view", "posts.view", "posts.comment", "consents.view", "consents.upload", "groups.report", "manual.read"],
};

const TABLE = new Map<Role, ReadonlySet<Action>>(
  Object.entries(PERMISSIONS).map(([role, actions]) => [role as Role, new Set(actions)]),
);

export function roleCan(role: Role, action: Action): boolean {
  return TABLE.get(role)?.has(action) ?? false;
}

export function can(ctx: Pick<TenantContext, "role">, action: Action): boolean {
  return roleCan(ctx.role, action);
}

/** FORBIDDEN that names the permission lacked, so the adapters can record the refusal (access.denied). */
export class PermissionDeniedError extends AppError {
  constructor(readonly action: Action) {
    super("FORBIDDEN", "You do not have permission to do that");
  }
}

export function assertCan(ctx: Pick<TenantContext, "role">, action: Action): void {
  if (!can(ctx, action)) throw new PermissionDeniedError(action);
}

export const permissionsOf = (role: Role): readonly Action[] => PERMISSIONS[role];
