import { Prisma } from "./generated/prisma/client";

/**
 * Models owned by a tenant (client Organization). Every query on them must say which org it is
 * for; a forgotten filter is an error, never a silent read across tenants.
 */
export const TENANT_MODELS = new Set<string>([
  "Membership", "Invitation", "AuditEvent", "Post", "PostRevision", "Media", "ScanJob", "Finding",
  "ApprovalPolicy", "Approval", "PostComment", "Notification", "PublishHandoff", "ScanAllowTerm",
  "Consent", "MediaPerson", "RemovalTask", "ConsentRequest", "FindingOverride", "ScannerFeedback",
  // Comment moderation (issue 12). WebhookDelivery.orgId is null until routed: pass `orgId: null` explicitly.
  "ConnectedAccount", "WebhookDelivery", "CommentEvent", "SocialComment", "ModerationAction", "CommentSnapshot", "AccountConnectState", "ReplyTemplate", "CommentPoll", "XConversationPoll",
  // Private and employee groups, incidents (issue 12). GroupIntakeAddress is found by token across orgs: pass `orgId: ANY_ORG`.
  "GroupReport", "GroupIntakeAddress", "CoachingNote", "Incident", "IncidentReminder",
  // Policy & procedures manual (issue 13).
  "PolicyManual", "PolicyManualVersion", "PolicyQuizQuestion",
  // Workforce roster and acknowledgements (issue 13). An acknowledgement is found by its link token across orgs: pass `orgId: ANY_ORG`.
  "WorkforcePerson", "PolicyAcknowledgement", "PolicyQuizAttempt", "PolicyReminder",
  // Coaching assignments (issue 13).
  "CoachingAssignment", "CoachingAttempt",
  // Audit checkpoints (issue 15). AuditPurge is keyed by chainKey (an org id, or "platform") and read by the verifier only.
  "AuditCheckpoint",
]);

export class TenantScopeError extends Error {
  override name = "TenantScopeError";
  constructor(model: string, operation: string) {
    super(`Unscoped ${operation} on tenant-owned model ${model}: pass an orgId filter or use scopedDb(orgId)`);
  }
}

const READ_OR_WRITE_BY_WHERE = new Set([
  "findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany", "count",
  "aggregate", "groupBy", "update", "updateMany", "updateManyAndReturn", "delete", "deleteMany", "upsert",
]);
const CREATES = new Set(["create", "createMany", "createManyAndReturn"]);

function hasOrgKey(value: unknown): boolean {
  if (!value || typeof value !== "object") return false;
  const v = (value as Record<string, unknown>).orgId;
  // null is an explicit choice (the platform audit chain); only undefined means "forgotten".
  if (v === undefined) return false;
  if (v === ANY_ORG) return true;
  // An operator object must constrain something: `{}` or `{ equals: undefined }` would match every org.
  if (v !== null && typeof v === "object") return Object.values(v).some((x) => x !== undefined);
  return true;
}

export function assertScoped(model: string, operation: string, args: unknown): void {
  if (!TENANT_MODELS.has(model)) return;
  const a = (args ?? {}) as { where?: unknown; data?: unknown; create?: unknown };
  if (READ_OR_WRITE_BY_WHERE.has(operation)) {
    if (!hasOrgKey(a.where)) throw new TenantScopeError(model, operation);
    if (operation === "upsert" && !hasOrgKey(a.create)) throw new TenantScopeError(model, operation);
    return;
  }
  if (CREATES.has(operation)) {
    const rows = Array.isArray(a.data) ? a.data : [a.data];
    if (rows.length === 0 || !rows.every(hasOrgKey)) throw new TenantScopeError(model, operation);
    return;
  }
  throw new TenantScopeError(model, operation);
}

export const tenantGuard = Prisma.defineExtension({
  name: "tenant-guard",
  query: {
    $allModels: {
      async $allOperations({ model, operation, args, query }) {
        assertScoped(model, operation, args);
        return query(args);
      },
    },
  },
});

/**
 * An explicit "any org" filter for the few queries whose purpose is to span orgs (a user's own
 * memberships for the org switcher, the sign-in audit fan-out). Greppable on purpose.
 */
export const ANY_ORG = { notIn: [] as string[] };
