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
  // Client approver links (issue 16). A link is found by its token across orgs: pass `orgId: ANY_ORG`.
  "ClientApprover", "ClientApprovalLink",
  // Compliance reports (issue 16): the monthly "report ready" mail, once per org and period.
  "ComplianceReportMailing",
  // The agency overview's daily rollup (issue 16): derived from ScanJob and Finding, written only through rawSql(forOrg).
  "OrgDailyStats",
]);

/**
 * An explicit "any org" filter for the few queries whose purpose is to span orgs (a user's own
 * memberships for the org switcher, the sign-in audit fan-out). Greppable on purpose.
 */
export const ANY_ORG = { notIn: [] as string[] };

export class TenantScopeError extends Error {
  override name = "TenantScopeError";
  /** `at` is the path inside the query's arguments (field names only, never values). */
  constructor(model: string, operation: string, at?: string) {
    super(
      at
        ? `Unscoped ${operation} on tenant-owned model ${model} at ${at}: give it its own orgId (nested writes and relation filters are not scoped by their parent)`
        : `Unscoped ${operation} on tenant-owned model ${model}: pass an orgId filter or use scopedDb(orgId)`,
    );
  }
}

export function hasOrgKey(value: unknown): boolean {
  if (!value || typeof value !== "object") return false;
  const v = (value as Record<string, unknown>).orgId;
  // null is an explicit choice (the platform audit chain); only undefined means "forgotten".
  if (v === undefined) return false;
  if (v === ANY_ORG) return true;
  // An operator object must constrain something: `{}` or `{ equals: undefined }` would match every org.
  if (v !== null && typeof v === "object") return Object.values(v).some((x) => x !== undefined);
  return true;
}

/** The org a where or a row names as a plain id, when it names exactly one. */
export function literalOrg(value: unknown): string | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = (value as Record<string, unknown>).orgId;
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && typeof (v as { equals?: unknown }).equals === "string") return (v as { equals: string }).equals;
  return undefined;
}
