import { randomUUID } from "node:crypto";
import { db } from "../client.js";
import type { Role } from "../generated/prisma/client";

// Factories for integration tests. Every call makes fresh, uniquely named rows, so tests never
// need to wipe tables (the audit table refuses deletes by design).

export const uniq = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export async function createAgency(name = uniq("agency")) {
  return db().agency.create({ data: { name, slug: uniq("ag") } });
}

export async function createOrg(agencyId: string, name = uniq("org")) {
  return db().organization.create({ data: { agencyId, name, slug: uniq("org"), kind: "CLINIC" } });
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
