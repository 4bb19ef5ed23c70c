import { outboxMailsTo } from "./mail/mails-to";
import { randomInt } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { db, scopedDb, type Membership, type Organization, type Role, type User } from "@vetted/db";
import { addMember, createAgency, createOrg, createUser, uniq } from "@vetted/db/testing";
import type { RequestMeta, TenantContext } from "./context";
import { hashPassword } from "./auth/password";
import { abuseLimiter } from "./limits/abuse-limiter";
import type { LimitName } from "./limits/limit-table";
import { LocalDiskStorage, resetMediaStorage } from "./media/storage";

// Domain-aware test helpers. Only test files import this module.

export const TEST_PASSWORD = "correct horse battery staple";
export const ROLES = ["ADMIN", "CONSULTANT", "COMPLIANCE_OFFICER", "STAFF"] as const satisfies readonly Role[];

let hash: Promise<string> | undefined;
/** bcrypt at cost 12 takes ~250 ms; one hash of TEST_PASSWORD serves a whole test file. */
export const testPasswordHash = () => (hash ??= hashPassword(TEST_PASSWORD));

/** A unique request marker: lets a test find exactly its own rows in a shared chain. */
export const testRequest = (): RequestMeta => ({ ip: "127.0.0.1", userAgent: uniq("vitest") });

/**
 * A client address of its own (10.0.0.0/8), for tests of per-IP limits and for tests that send many
 * requests: budgets live in Redis across test files and runs, so a shared address would trip them.
 */
export const randomTestIp = (): string => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/** Spends `count` points of one limit's bucket, as that many requests would (limits/limit-table.ts). */
export async function spendLimit(limit: LimitName, subject: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    if (await abuseLimiter().consume([{ limit, subject }])) throw new Error(`${limit} refused after ${i} of ${count}`);
  }
}

/** Gives one limit's bucket its whole budget back (a test that sends many requests on purpose). */
export const forgetLimit = (limit: LimitName, subject: string): Promise<void> => abuseLimiter().forget({ limit, subject });

/** What loadTenantContext would build for a member, without the membership look-up. */
export function createTenantContext(org: Organization, user: User, role: Role, request: RequestMeta = testRequest()): TenantContext {
  return {
    user: { id: user.id, email: user.email, name: user.name },
    org: { id: org.id, slug: org.slug, name: org.name, agencyId: org.agencyId, idleTimeoutMinutes: org.idleTimeoutMinutes, timeZone: org.timeZone },
    role,
    db: scopedDb(org.id),
    request,
  };
}

export interface TestOrg {
  org: Organization;
  users: Record<Role, User>;
  members: Record<Role, Membership>;
  ctx: Record<Role, TenantContext>;
}

/** A fresh agency and org with one member per role, each with TEST_PASSWORD. */
export async function createOrgWithMembers(opts: { idleTimeoutMinutes?: number; requireMfaForAdmins?: boolean } = {}): Promise<TestOrg> {
  const passwordHash = await testPasswordHash();
  const agency = await createAgency();
  let org = await createOrg(agency.id, undefined, { requireMfaForAdmins: opts.requireMfaForAdmins });
  if (opts.idleTimeoutMinutes !== undefined) {
    org = await db().organization.update({ where: { id: org.id }, data: { idleTimeoutMinutes: opts.idleTimeoutMinutes } });
  }
  const entries = await Promise.all(
    ROLES.map(async (role) => {
      const user = await createUser({ passwordHash, name: `${role} ${uniq("n")}` });
      const member = await addMember(org.id, user.id, role);
      return [role, user, member] as const;
    }),
  );
  const users = Object.fromEntries(entries.map(([r, u]) => [r, u])) as Record<Role, User>;
  const members = Object.fromEntries(entries.map(([r, , m]) => [r, m])) as Record<Role, Membership>;
  const ctx = Object.fromEntries(entries.map(([r, u]) => [r, createTenantContext(org, u, r)])) as Record<Role, TenantContext>;
  return { org, users, members, ctx };
}

/** Rejects unless the promise fails with an AppError of this code; returns the error for more checks. */
export async function expectAppError(promise: Promise<unknown>, code: string): Promise<Error & { code: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { code?: unknown };
    if (e.name === "AppError" && e.code === code) return e as Error & { code: string };
    throw new Error(`Expected AppError ${code}, got ${e.name} ${String(e.code)}: ${e.message}`, { cause: error });
  }
  throw new Error(`Expected AppError ${code}, but the call succeeded`);
}

/** The invite token exists only in the mail; read it from the newest outbox mail to this address. */
export async function inviteTokenFromOutbox(email: string): Promise<string> {
  const mail = (await outboxMailsTo(email))[0];
  const token = mail?.text.match(/\/invite\/([A-Za-z0-9_-]{43})\b/)?.[1];
  if (!token) throw new Error("No invitation link in the outbox mail");
  return token;
}

/** Audit events of one org (or the platform chain) for a request marker, oldest first. */
export function auditEventsFor(orgId: string | null, filter: { action?: string; userAgent?: string; targetId?: string } = {}) {
  return db().auditEvent.findMany({ where: { orgId, chainKey: orgId ?? "platform", ...filter }, orderBy: { seq: "asc" } });
}

/** A temporary folder as this test file's media storage; `files()` counts what is stored in it. */
export async function tempMediaDir(label: string) {
  const dir = await mkdtemp(path.join(tmpdir(), `vetted-${label}-`));
  resetMediaStorage(new LocalDiskStorage(dir));
  return {
    dir,
    files: async () => (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length,
    close: async () => {
      resetMediaStorage();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// Comment moderation (issue 12): connected accounts, signed Meta deliveries, a recording connector.
export { connectTestAccount, feedBody, PHI_COMMENT, signed, RecordingPlatformClient, type FeedChange } from "./moderation/moderation-test-helpers";
// Connecting accounts: a test swaps the stored PKCE verifier to see a wrong one refused.
export { sealConnectVerifier } from "./moderation/account-connect";
export { messageIdHeader, startSmtpSink, type SinkMessage, type SmtpSink } from "./mail/test-smtp-sink";
export { totpAt as totpAtForTests } from "./auth/mfa/totp";
export { withClientStep, postInReview as clientPostInReview, linkTokenFor, codeFor, clientRequest } from "./client-approvals/client-approval-test-helpers";
