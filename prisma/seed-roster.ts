// Demo workforce roster and acknowledgements (issue 13), after the demo manual (seed-policy.ts): each
// org's members plus three staff without a Vetted account (fictional, imported from CSV), then for the
// version in effect: the compliance officer and one imported person have acknowledged through their
// emailed link (the latter failing the quiz once first), one imported person is overdue, the others
// pending. Uses the domain's use cases, so the audit trail reads as in the app. Safe to run again: an
// org whose roster already has imported people, or without an approved version, is left as it is.
import { db } from "@vetted/db";
import {
  assignPolicyAcknowledgements, importRoster, loadTenantContext, openAcknowledgement, outboxMailsTo, remindPolicyAcknowledgements, sendAcknowledgementLink,
  signAcknowledgement, submitQuizAttempt,
} from "@vetted/domain";

const DAY = 86_400_000;
const SEED_REQUEST = { ip: null, userAgent: "seed" };

const PEOPLE = [
  { name: "Dana Reyes", local: "dana.reyes", department: "Front desk", role: "Receptionist" },
  { name: "Marcus Lee", local: "marcus.lee", department: "Clinical", role: "Nurse" },
  { name: "Priya Shah", local: "priya.shah", department: "Billing", role: "Billing specialist" },
] as const;
const OVERDUE = { name: "Tom Becker", local: "tom.becker", department: "Facilities", role: "Maintenance" };

async function linkToken(email: string): Promise<string> {
  const mail = (await outboxMailsTo(email)).find((m) => m.text.includes("/ack/"));
  const token = mail?.text.match(/\/ack\/([A-Za-z0-9_-]{43})\b/)?.[1];
  if (!token) throw new Error("The acknowledgement mail has no link");
  return token;
}

/** Reads, takes the quiz (wrong answers first when `failFirst`) and signs through the emailed link, as the person would. */
async function acknowledgeByLink(orgId: string, email: string, name: string, failFirst: boolean) {
  const token = await linkToken(email);
  await openAcknowledgement(token, SEED_REQUEST);
  const questions = await db().policyQuizQuestion.findMany({ where: { orgId, active: true }, select: { id: true, correctIndex: true, choices: true } });
  if (questions.length) {
    const answers = (wrong: boolean) => Object.fromEntries(questions.map((q) => [q.id, wrong ? (q.correctIndex + 1) % q.choices.length : q.correctIndex]));
    if (failFirst) await submitQuizAttempt(token, { answers: answers(true) }, SEED_REQUEST);
    await submitQuizAttempt(token, { answers: answers(false) }, SEED_REQUEST);
  }
  await signAcknowledgement(token, { typedName: name, confirm: true }, SEED_REQUEST);
}

export async function seedDemoRoster(orgSlug: string, adminId: string, officerId: string): Promise<string> {
  const admin = await loadTenantContext(adminId, orgSlug);
  const orgId = admin.org.id;
  const version = await db().policyManualVersion.findFirst({ where: { orgId, status: "APPROVED", material: true }, orderBy: { number: "desc" } });
  if (!version) return `${orgSlug}: no approved manual version, roster skipped`;
  if (await db().workforcePerson.count({ where: { orgId, source: "CSV" } })) return `${orgSlug}: roster already seeded`;
  const domain = orgSlug.replace(/-/g, "") + ".example";
  const email = (local: string) => `${local}@${domain}`;

  // The overdue example: on the roster before the import, its acknowledgement assigned 40 days ago and due 10 days ago (demo only).
  const overdue = await db().workforcePerson.create({ data: { orgId, name: OVERDUE.name, email: email(OVERDUE.local), department: OVERDUE.department, jobRole: OVERDUE.role, source: "CSV" } });
  await db().$transaction((tx) =>
    assignPolicyAcknowledgements(tx, { orgId, versionId: version.id, actorId: adminId, personIds: [overdue.id], now: new Date(Date.now() - 40 * DAY), dueAt: new Date(Date.now() - 10 * DAY) }),
  );
  const csv = ["name,email,department,role", ...[...PEOPLE, OVERDUE].map((p) => [p.name, email(p.local), p.department, p.role].join(","))].join("\r\n");
  const imported = await importRoster(admin, { csv });

  // Acknowledged: one imported person (quiz failed once, then passed) and the compliance officer, both by link.
  await acknowledgeByLink(orgId, email(PEOPLE[0].local), PEOPLE[0].name, true);
  const officer = await db().workforcePerson.findFirst({ where: { orgId, userId: officerId } });
  if (officer) {
    await sendAcknowledgementLink(admin, { personId: officer.id });
    await acknowledgeByLink(orgId, officer.email, officer.name, false);
  }
  // The reminder sweep as the worker would run it: the overdue one is reminded and escalated to the officer.
  const sweep = await remindPolicyAcknowledgements(new Date(), { orgId });
  const [people, signed] = await Promise.all([
    db().workforcePerson.count({ where: { orgId, active: true } }),
    db().policyAcknowledgement.count({ where: { orgId, versionId: version.id, signedAt: { not: null } } }),
  ]);
  return `${orgSlug}: ${people} people on the roster (${imported.created} imported), ${signed} acknowledged, ${sweep.escalated} overdue escalated`;
}
