import { outboxMailsTo } from "../mail/mails-to";
import { db } from "@vetted/db";
import type { TestOrg } from "../testing";
import { assignPolicyAcknowledgements } from "./assign-policy-acknowledgements";

// Test helpers of the acknowledgement tests (only test files import this module): an approved version
// written directly (the manual's own flow is tested beside approve-policy-version), its quiz, and the
// link token read back from the outbox.

export const QUIZ = [
  { prompt: "May you post a photo of a patient taken on your own phone?", choices: ["Yes, with a filter", "No"], correctIndex: 1, sectionKey: "patient-content" },
  { prompt: "A patient thanks the practice in a review. What do you reply?", choices: ["Confirm the visit", "A general thank-you that confirms nothing"], correctIndex: 1, sectionKey: "engagement" },
];

/** Every answer right (`wrong` = how many to get wrong, from the first). */
export function answersFor(questions: { id: string; correctIndex: number; choices: string[] }[], wrong = 0) {
  return Object.fromEntries(questions.map((q, i) => [q.id, i < wrong ? (q.correctIndex + 1) % q.choices.length : q.correctIndex]));
}

export async function ensureTestManual(org: TestOrg, opts: { passPercent?: number; questions?: typeof QUIZ } = {}) {
  const existing = await db().policyManual.findFirst({ where: { orgId: org.org.id } });
  const manual = existing ?? (await db().policyManual.create({ data: { orgId: org.org.id, quizPassPercent: opts.passPercent ?? 100 } }));
  if (!existing) {
    for (const q of opts.questions ?? QUIZ) await db().policyQuizQuestion.create({ data: { orgId: org.org.id, manualId: manual.id, ...q } });
  }
  const questions = await db().policyQuizQuestion.findMany({ where: { orgId: org.org.id, manualId: manual.id, active: true }, orderBy: { createdAt: "asc" } });
  return { manual, questions };
}

/**
 * An APPROVED version of the org's manual (effective now unless said), written directly, then assigned
 * as approving it would (in the same transaction). Returns the version and what the assignment did.
 */
export async function approveTestVersion(org: TestOrg, opts: { effectiveAt?: Date; material?: boolean; now?: Date } = {}) {
  const { manual } = await ensureTestManual(org);
  const now = opts.now ?? new Date();
  const { _max } = await db().policyManualVersion.aggregate({ where: { orgId: org.org.id }, _max: { number: true } });
  const number = (_max.number ?? 0) + 1;
  return db().$transaction(async (tx) => {
    const version = await tx.policyManualVersion.create({
      data: {
        orgId: org.org.id, manualId: manual.id, number, status: "APPROVED", material: opts.material ?? true,
        sections: [{ key: "scope", title: "Scope", body: `Version ${number}: these rules apply to every account.\n\n- <b>No patient photos</b>`, generated: false }],
        createdById: org.users.ADMIN.id, submittedById: org.users.ADMIN.id, submittedAt: now,
        approvedById: org.users.COMPLIANCE_OFFICER.id, approvedAt: now, effectiveAt: opts.effectiveAt ?? now, contentSha256: "a".repeat(64),
      },
    });
    const assigned = await assignPolicyAcknowledgements(tx, { orgId: org.org.id, versionId: version.id, actorId: org.users.COMPLIANCE_OFFICER.id, now });
    return { version, ...assigned };
  });
}

/** The newest acknowledgement link mailed to this address (the token exists only in the mail). */
export async function ackTokenFromOutbox(email: string): Promise<string> {
  const mail = (await outboxMailsTo(email)).find((m) => m.text.includes("/ack/"));
  const token = mail?.text.match(/\/ack\/([A-Za-z0-9_-]{43})\b/)?.[1];
  if (!token) throw new Error("No acknowledgement link in the outbox mail");
  return token;
}

export const rosterCsv = (rows: [name: string, email: string, department: string, role: string][]) =>
  ["name,email,department,role", ...rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(","))].join("\r\n");
