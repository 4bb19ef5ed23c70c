import { acrossOrgs, pgDirect, rawSql, type OrgKind, type Role } from "@vetted/db";
import { AppError } from "../errors";

export interface ShellOrg {
  id: string;
  slug: string;
  name: string;
  kind: OrgKind;
  timeZone: string;
  role: Role;
}

interface ShellRow {
  name: string;
  email: string;
  agencyAdmin: boolean;
  orgs: ShellOrg[];
}

/**
 * What every signed-in page's frame shows: who you are, your orgs (listMyOrgs' list: by name, with your
 * role), whether you run the agency. One statement on the pg pool: every page asks, and as Prisma reads
 * it was three round trips (bench:pages); load-shell.int.test.ts checks it against listMyOrgs.
 */
export async function loadShell(userId: string): Promise<{ name: string; email: string; orgs: ShellOrg[]; agencyAdmin: boolean }> {
  const [user] = await rawSql(pgDirect(), acrossOrgs("the signed-in user's own memberships in every org: the page frame's org list")).query<ShellRow[]>`
    SELECT u.name, u.email, (u."agencyId" IS NOT NULL AND u."agencyRole"::text = 'AGENCY_ADMIN') AS "agencyAdmin",
      COALESCE((
        SELECT json_agg(json_build_object('id', o.id, 'slug', o.slug, 'name', o.name, 'kind', o.kind, 'timeZone', o."timeZone", 'role', m.role) ORDER BY o.name)
        FROM "Membership" m JOIN "Organization" o ON o.id = m."orgId" WHERE m."userId" = u.id
      ), '[]'::json) AS orgs
    FROM "User" u WHERE u.id = ${userId}::uuid`;
  if (!user) throw new AppError("UNAUTHENTICATED", "ended");
  return { name: user.name, email: user.email, orgs: user.orgs, agencyAdmin: user.agencyAdmin };
}
