export { db, disconnectDb, type Db, type Tx } from "./client";
export { scopedDb } from "./scoped-db";
export { TENANT_MODELS, TenantScopeError, assertScoped, ANY_ORG } from "./tenant-guard";
export { Prisma, Role, AgencyRole, OrgKind } from "./generated/prisma/client";
export type {
  Agency, User, UserSession, Organization, Membership, Invitation, AuditEvent, OutboxMail,
} from "./generated/prisma/client";
