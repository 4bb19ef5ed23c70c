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
  "media.upload",
  "media.download",
  "policy.manage",
  "consents.view",
  "consents.upload",
  "consents.verify",
  "consents.revoke",
  "consents.link",
] as const;
export type Action = (typeof ACTIONS)[number];

// One flat table: reading it answers "who may do what" without following code paths.
const PERMISSIONS: Record<Role, readonly Action[]> = {
  // Overriding a blocking finding is the compliance officer's call alone, by policy. So is verifying
  // a consent against its signed file: it is the independent check on whoever uploaded it (often an
  // admin or the front desk), and the approval gate relies on it. So is the scanner's allow list:
  // a term on it is never flagged again, for any post, so it must not be in the authors' hands.
  ADMIN: ACTIONS.filter((a) => a !== "posts.override" && a !== "consents.verify" && a !== "scanner.allowList"),
  // findings.dismiss covers non-blocking findings only (dismiss-finding.ts): a blocking one is
  // cleared by an override, never by a dismissal.
  COMPLIANCE_OFFICER: [
    "org.view", "members.view", "audit.view", "audit.export", "audit.verify",
    "posts.view", "posts.comment", "posts.review", "posts.override", "findings.dismiss", "scanner.allowList", "media.download",
    "consents.view", "consents.upload", "consents.verify", "consents.revoke", "consents.link",
  ],
  // Consultants prepare posts: they say who is shown in an image and link the consents.
  CONSULTANT: [
    "org.view", "members.view", "posts.view", "posts.create", "posts.edit", "posts.submit", "posts.comment",
    "findings.dismiss", "media.upload", "media.download", "consents.view", "consents.upload", "consents.link",
  ],
  // Staff (e.g. the front desk) collect signed forms: they upload and look them up, nothing more.
  // Revocation is recorded by a compliance officer or admin, who must also act on affected posts.
  STAFF: ["org.view", "posts.view", "posts.comment", "consents.view", "consents.upload"],
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
