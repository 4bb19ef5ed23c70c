export { db, disconnectDb, type Db, type Tx } from "./client";
export { scopedDb } from "./scoped-db";
export { TENANT_MODELS, TenantScopeError, assertScoped, ANY_ORG } from "./tenant-guard";
export { Prisma, Role, AgencyRole, OrgKind, Channel, PostState, ScanStatus, Decision, ConsentStatus, PersonKind, ConsentRequestStatus } from "./generated/prisma/client";
export type {
  Agency, User, UserSession, Organization, Membership, Invitation, AuditEvent, OutboxMail,
  Post, PostRevision, Media, ScanJob, Finding, ApprovalPolicy, Approval, PostComment, Notification, PublishHandoff, ScanAllowTerm,
  Consent, MediaPerson, RemovalTask, ConsentRequest, FindingOverride,
} from "./generated/prisma/client";
