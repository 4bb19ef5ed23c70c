// Demo data: one agency, three client orgs, one user per role. Safe to run again: it upserts.
import { db, disconnectDb, type Role } from "@vetted/db";
import { closeLimiters, hashPassword, recordAuditEvent } from "@vetted/domain";
import { seedDemoModeration } from "./seed-accounts";
import { seedDemoClientApprover } from "./seed-client-approvers";
import { HISTORY_CONSENTS, seedDemoConsents } from "./seed-consents";
import { seedOrgHistory, type HistoryOrg } from "./seed-history";
import { seedDemoPolicyManual } from "./seed-policy";
import { seedDemoRoster } from "./seed-roster";

export const DEMO_PASSWORD = "Vetted-demo-2026!";

const ORGS = [
  { slug: "st-brigid-hospital", name: "St. Brigid Regional Hospital", kind: "HOSPITAL", timeZone: "America/Chicago", privacyOfficer: "Privacy Office", privacyAddress: "400 Harbor Road, Fairview, IL 62208", privacyEmail: "privacy@stbrigid.example" },
  { slug: "brightsmile-dental", name: "Brightsmile Family Dental", kind: "DENTAL", timeZone: "America/Denver", privacyOfficer: "Office Manager", privacyAddress: "12 Elm Street, Suite 3, Boulder, CO 80302", privacyEmail: "privacy@brightsmile.example" },
  { slug: "maple-grove-senior-living", name: "Maple Grove Senior Living", kind: "SENIOR_LIVING", timeZone: "America/New_York", privacyOfficer: "Privacy Officer", privacyAddress: "88 Maple Grove Lane, Ithaca, NY 14850", privacyEmail: "privacy@maplegrove.example" },
] as const;

type Slug = (typeof ORGS)[number]["slug"];
/** The demo history (issue 16, seed-history.ts): about 300 posts over six months, and who writes them. */
const HISTORY: { slug: Slug; kind: HistoryOrg["kind"]; posts: number; authors: string[]; consentUploader: string }[] = [
  { slug: "st-brigid-hospital", kind: "HOSPITAL", posts: 120, authors: ["consultant@vetted.test", "admin@vetted.test"], consentUploader: "staff@vetted.test" },
  { slug: "brightsmile-dental", kind: "DENTAL", posts: 95, authors: ["consultant@vetted.test", "admin@vetted.test"], consentUploader: "consultant@vetted.test" },
  { slug: "maple-grove-senior-living", kind: "SENIOR_LIVING", posts: 85, authors: ["admin@vetted.test"], consentUploader: "admin@vetted.test" },
];

const USERS: { email: string; name: string; agencyAdmin: boolean; roles: Partial<Record<Slug, Role>> }[] = [
  { email: "admin@vetted.test", name: "Avery Admin", agencyAdmin: true, roles: { "st-brigid-hospital": "ADMIN", "brightsmile-dental": "ADMIN", "maple-grove-senior-living": "ADMIN" } },
  { email: "consultant@vetted.test", name: "Casey Consultant", agencyAdmin: false, roles: { "st-brigid-hospital": "CONSULTANT", "brightsmile-dental": "CONSULTANT" } },
  { email: "officer@vetted.test", name: "Olivia Officer", agencyAdmin: false, roles: { "st-brigid-hospital": "COMPLIANCE_OFFICER", "brightsmile-dental": "COMPLIANCE_OFFICER", "maple-grove-senior-living": "COMPLIANCE_OFFICER" } },
  { email: "staff@vetted.test", name: "Sam Staff", agencyAdmin: false, roles: { "st-brigid-hospital": "STAFF" } },
];

async function main() {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const agency = await db().agency.upsert({
    where: { slug: "northwind-health-marketing" },
    update: {},
    create: { slug: "northwind-health-marketing", name: "Northwind Health Marketing" },
  });
  const orgs = new Map<string, string>();
  for (const o of ORGS) {
    const existing = await db().organization.findUnique({ where: { slug: o.slug } });
    // The demo orgs do not require MFA (issue 15): the demo users and the e2e specs sign in with a
    // password only. A real org gets the policy on by default.
    const org = existing ?? (await db().organization.create({ data: { ...o, agencyId: agency.id, requireMfaForAdmins: false } }));
    if (!existing) {
      await db().$transaction((tx) =>
        recordAuditEvent(tx, { orgId: org.id, actorId: null, actorLabel: "seed", action: "org.created", targetType: "Organization", targetId: org.id, metadata: { kind: org.kind } }),
      );
    }
    orgs.set(o.slug, org.id);
  }
  for (const u of USERS) {
    const user = await db().user.upsert({
      where: { email: u.email },
      update: { failedLoginCount: 0, lockedUntil: null },
      create: { email: u.email, name: u.name, passwordHash, agencyId: agency.id, agencyRole: u.agencyAdmin ? "AGENCY_ADMIN" : "AGENCY_MEMBER" },
    });
    for (const [slug, role] of Object.entries(u.roles)) {
      const orgId = orgs.get(slug)!;
      const existing = await db().membership.findFirst({ where: { orgId, userId: user.id } });
      if (existing) continue;
      await db().$transaction(async (tx) => {
        const m = await tx.membership.create({ data: { orgId, userId: user.id, role } });
        await recordAuditEvent(tx, { orgId, actorId: null, actorLabel: "seed", action: "member.assigned", targetType: "Membership", targetId: m.id, metadata: { userId: user.id, role } });
      });
    }
  }
  const userId = async (email: string) => (await db().user.findUniqueOrThrow({ where: { email } })).id;
  const consents = await seedDemoConsents("st-brigid-hospital", await userId("staff@vetted.test"), await userId("officer@vetted.test"));
  const moderation = await seedDemoModeration(orgs.get("st-brigid-hospital")!, await userId("admin@vetted.test"), await userId("consultant@vetted.test"), await userId("officer@vetted.test"));
  // After the accounts: the manual's generated sections name the connected platforms.
  const policy: string[] = [];
  for (const o of ORGS) policy.push(await seedDemoPolicyManual(o.slug, await userId("admin@vetted.test"), await userId("officer@vetted.test")));
  // After the manuals: the roster acknowledges the approved version (some signed, one overdue, the rest pending).
  const roster: string[] = [];
  for (const o of ORGS) roster.push(await seedDemoRoster(o.slug, await userId("admin@vetted.test"), await userId("officer@vetted.test")));
  const clientApprover = await seedDemoClientApprover("st-brigid-hospital", await userId("admin@vetted.test"));
  const history: string[] = [];
  for (const h of HISTORY) {
    const consents = await seedDemoConsents(h.slug, await userId(h.consentUploader), await userId("officer@vetted.test"), HISTORY_CONSENTS[h.slug] ?? []);
    const authorIds = await Promise.all(h.authors.map(userId));
    const made = await seedOrgHistory({ id: orgs.get(h.slug)!, kind: h.kind, posts: h.posts, authorIds }, await userId("officer@vetted.test"));
    history.push(`${h.slug}: ${made ? `${made.posts} posts, ${made.scans} scans, ${made.findings} findings, ${made.approvals} decisions, ${made.overrides} overrides` : "already there"}${consents ? `, ${consents} consents` : ""}`);
  }
  console.log(`Seeded ${ORGS.length} organizations and ${USERS.length} users (password: ${DEMO_PASSWORD}); ${consents} new demo consents; ${moderation}.`);
  console.log(`Policy manuals: ${policy.join("; ")}.`);
  console.log(`Workforce rosters: ${roster.join("; ")}.`);
  console.log(`Client approvers: ${clientApprover}.`);
  console.log(`Demo history: ${history.join("; ")}.`);
}

// Everything the seed may have opened is closed, so the process exits on its own (npm run up and the
// e2e set-up wait for it): the database pool and, if a limited use case ran, the limiters' Redis.
const closeAll = async () => {
  closeLimiters();
  await disconnectDb();
};

main()
  .then(closeAll)
  .catch(async (error: unknown) => {
    console.error(error);
    await closeAll();
    process.exit(1);
  });
