import { randomBytes, randomUUID } from "node:crypto";
import { baseEnv, migrationEnv } from "@vetted/config";
import pg from "pg";
import { db } from "../client";
import type { Role } from "../generated/prisma/client";

// Factories for integration tests. Every call makes fresh, uniquely named rows, so tests never
// need to wipe tables (the audit table refuses deletes by design).

export const uniq = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export async function createAgency(name = uniq("agency")) {
  return db().agency.create({ data: { name, slug: uniq("ag") } });
}

/**
 * Test orgs do not require MFA of their admins unless asked (issue 15): most tests act as an admin
 * without a second factor; the MFA tests turn the policy on where they test it.
 */
export async function createOrg(agencyId: string, name = uniq("org"), opts: { requireMfaForAdmins?: boolean } = {}) {
  return db().organization.create({
    data: {
      agencyId, name, slug: uniq("org"), kind: "CLINIC", privacyOfficer: "Privacy Office", privacyEmail: "privacy@test.vetted.local",
      requireMfaForAdmins: opts.requireMfaForAdmins ?? false,
    },
  });
}

/** Password hashes are supplied by the caller so this package does not depend on auth. */
export async function createUser(opts: { passwordHash: string; agencyId?: string; email?: string; name?: string; agencyAdmin?: boolean }) {
  return db().user.create({
    data: {
      email: opts.email ?? `${uniq("user")}@test.vetted.local`,
      name: opts.name ?? "Test User",
      passwordHash: opts.passwordHash,
      agencyId: opts.agencyId ?? null,
      agencyRole: opts.agencyAdmin ? "AGENCY_ADMIN" : opts.agencyId ? "AGENCY_MEMBER" : null,
    },
  });
}

export async function addMember(orgId: string, userId: string, role: Role) {
  return db().membership.create({ data: { orgId, userId, role } });
}

/** An invitation row for tests that do not go through the invite use case (no token is known). */
export async function createInvitation(orgId: string, invitedById: string, opts: { email?: string; role?: Role; expiresAt?: Date } = {}) {
  return db().invitation.create({
    data: {
      orgId,
      invitedById,
      email: opts.email ?? `${uniq("invitee")}@test.vetted.local`,
      role: opts.role ?? "STAFF",
      tokenHash: randomBytes(32).toString("hex"),
      expiresAt: opts.expiresAt ?? new Date(Date.now() + 3_600_000),
    },
  });
}

/**
 * A raw pg connection of its own, as the table owner (MIGRATION_DATABASE_URL), for what the app
 * must never do and cannot as vetted_app: statements the audit trigger should refuse, and tampering
 * behind its back to prove verification notices.
 */
export async function withPgClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: migrationEnv().MIGRATION_DATABASE_URL ?? baseEnv().DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Holds a session-level advisory lock on its own connection until release() is called: for the few
 * integration test files that read or rewrite the whole shared database (key rotation and the
 * start-up key check), so two of them never run at the same time while every other file still does.
 */
export async function holdTestLock(name: string): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: migrationEnv().MIGRATION_DATABASE_URL ?? baseEnv().DATABASE_URL });
  await client.connect();
  await client.query("SELECT pg_advisory_lock(hashtext($1))", [`test-lock:${name}`]);
  return {
    async release() {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [`test-lock:${name}`]);
      await client.end();
    },
  };
}
