export { db, disconnectDb, pgDirect, type Db, type Tx } from "./client";
export { TransactionTimeoutError, type TransactionOptions } from "./pg-direct";
export { scopedDb } from "./scoped-db";
export { TENANT_MODELS, TenantScopeError, assertScoped, ANY_ORG } from "./tenant-guard";
export { rawSql, forOrg, forOrgs, acrossOrgs, ORG_ID, ORG_IDS, advisoryXactLock, RawSqlScopeError, type RawScope, type RawClient } from "./raw-sql";
export { Prisma, Role, AgencyRole, OrgKind, Channel, PostState, ScanStatus, Decision, ConsentStatus, PersonKind, ConsentRequestStatus, ScannerFeedbackKind,
  ConnectedAccountStatus, SocialCommentStatus, ModerationActionKind, ModerationActionStatus,
  GroupReportSource, GroupReportStatus, IncidentStatus, IncidentConclusion, IncidentOutcome,
  PolicyVersionStatus, WorkforceSource, AckSignatureMethod, CoachingTrigger } from "./generated/prisma/client";
export type {
  Agency, User, UserSession, Organization, Membership, Invitation, AuditEvent, OutboxMail,
  Post, PostRevision, Media, ScanJob, Finding, ApprovalPolicy, Approval, PostComment, Notification, PublishHandoff, ScanAllowTerm,
  Consent, MediaPerson, RemovalTask, ConsentRequest, FindingOverride, ScannerFeedback,
  ConnectedAccount, WebhookDelivery, CommentEvent, SocialComment, ModerationAction, CommentSnapshot, ReplyTemplate, CommentPoll,
  GroupReport, GroupIntakeAddress, CoachingNote, Incident, IncidentReminder,
  PolicyManual, PolicyManualVersion, PolicyQuizQuestion,
  WorkforcePerson, PolicyAcknowledgement, PolicyQuizAttempt, PolicyReminder,
  CoachingAssignment, CoachingAttempt,
  AuditCheckpoint, AuditPurge,
  ClientApprover, ClientApprovalLink,
  OrgDailyStats,
} from "./generated/prisma/client";
