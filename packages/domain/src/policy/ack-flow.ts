import type { Db, Prisma, Tx } from "@vetted/db";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { AppError } from "../errors";
import { formFlag, parseInput } from "../validate";
import type { LinkedAck } from "./ack-records";
import { typedNameMatches } from "./ack-rules";
import { readSections } from "./manual-sections";
import { gradeQuiz, quizAnswersSchema } from "./quiz-grading";

// The three steps of an acknowledgement (read, quiz, sign), the same whether reached through the
// emailed link or in the app: the adapters (open-acknowledgement.ts, submit-quiz-attempt.ts,
// sign-acknowledgement.ts) resolve the acknowledgement and who acts, then call these.

type Client = Db | Tx;

export interface AckActor {
  actorId: string | null;
  actorLabel?: string | null;
  request: RequestMeta;
}

/** At most this much reading time per report: a tab left open overnight does not count as a night of reading. */
export const READING_REPORT_MAX_SECONDS = 30 * 60;

export const readingTimeSchema = z.object({
  seconds: z.coerce.number({ message: "Send the seconds spent reading" }).int("Whole seconds").min(1, "At least one second").max(86_400, "At most a day"),
});

/** A form sends "answers.<id>" fields; JSON clients { answers: { <id>: <index> } }. Both read as the latter. */
export const quizAttemptSchema = z.preprocess((v) => {
  if (!v || typeof v !== "object" || "answers" in v) return v;
  const answers = Object.fromEntries(Object.entries(v).filter(([k]) => k.startsWith("answers.")).map(([k, x]) => [k.slice(8), x]));
  return { answers };
}, z.object({ answers: quizAnswersSchema }));

export const signAckSchema = z.object({
  typedName: z.string({ message: "Type your full name" }).trim().min(1, "Type your full name").max(200, "At most 200 characters"),
  confirm: formFlag.pipe(z.literal(true, { message: "Tick the box to confirm you read and understood the policy" })),
});

async function questionsOf(client: Client, a: LinkedAck) {
  const [questions, manual] = await Promise.all([
    client.policyQuizQuestion.findMany({ where: { orgId: a.orgId, manualId: a.manualId, active: true }, orderBy: { createdAt: "asc" }, select: { id: true, prompt: true, choices: true, correctIndex: true, sectionKey: true } }),
    client.policyManual.findFirstOrThrow({ where: { id: a.manualId, orgId: a.orgId }, select: { quizPassPercent: true } }),
  ]);
  return { questions, passPercent: manual.quizPassPercent };
}

/** What the reader is shown: the version's sections and the quiz without its answers. No one else's data. */
export async function ackView(client: Client, a: LinkedAck) {
  const [version, quiz] = await Promise.all([
    client.policyManualVersion.findFirstOrThrow({ where: { id: a.versionId, orgId: a.orgId }, select: { number: true, effectiveAt: true, sections: true } }),
    questionsOf(client, a),
  ]);
  return {
    acknowledgementId: a.id,
    orgName: a.orgName,
    personName: a.person.name,
    version: { number: version.number, effectiveAt: version.effectiveAt, sections: readSections(version.sections) },
    questions: quiz.questions.map((q) => ({ id: q.id, prompt: q.prompt, choices: q.choices })),
    passPercent: quiz.passPercent,
    dueAt: a.dueAt,
    linkExpiresAt: a.linkExpiresAt,
    readSeconds: a.readSeconds,
    attempts: a.attempts,
    passed: !!a.passedAt || quiz.questions.length === 0,
    signedAt: a.signedAt,
  };
}
export type AckView = Awaited<ReturnType<typeof ackView>>;

/** The first open is kept (two tabs at once keep the earlier time); every open is audited. */
export async function recordOpened(tx: Tx, a: LinkedAck, actor: AckActor, now = new Date()) {
  if (!a.openedAt) await tx.policyAcknowledgement.updateMany({ where: { id: a.id, orgId: a.orgId, openedAt: null }, data: { openedAt: now } });
  await recordAuditEvent(tx, {
    orgId: a.orgId, ...actor, action: "ack.opened", targetType: "PolicyAcknowledgement", targetId: a.id,
    metadata: { firstView: !a.openedAt, versionId: a.versionId, personId: a.personId },
  });
}

export async function addReadingTime(tx: Tx, a: LinkedAck, input: unknown, actor: AckActor) {
  const { seconds } = parseInput(readingTimeSchema, input);
  if (!a.openedAt) throw new AppError("CONFLICT", "Open the policy before reporting reading time");
  const counted = Math.min(seconds, READING_REPORT_MAX_SECONDS);
  const row = await tx.policyAcknowledgement.update({ where: { id: a.id, orgId: a.orgId }, data: { readSeconds: { increment: counted } }, select: { readSeconds: true } });
  await recordAuditEvent(tx, {
    orgId: a.orgId, ...actor, action: "ack.reading_time", targetType: "PolicyAcknowledgement", targetId: a.id,
    metadata: { seconds: counted, totalSeconds: row.readSeconds },
  });
  return { readSeconds: row.readSeconds };
}

/**
 * Grades an attempt against the manual's active questions and the org's pass mark, records it
 * (append-only) and counts it; the first pass is kept. The answers to the questions are never
 * returned, only which sections to read again.
 */
export async function attemptQuiz(tx: Tx, a: LinkedAck, input: unknown, actor: AckActor, now = new Date()) {
  const { answers } = parseInput(quizAttemptSchema, input);
  if (!a.openedAt) throw new AppError("CONFLICT", "Read the policy before taking the quiz");
  const { questions, passPercent } = await questionsOf(tx, a);
  if (questions.length === 0) throw new AppError("CONFLICT", "This policy has no quiz: go on and sign it");
  const grade = gradeQuiz(questions, answers, passPercent);
  const attempt = await tx.policyQuizAttempt.create({
    data: { orgId: a.orgId, acknowledgementId: a.id, scorePercent: grade.scorePercent, passed: grade.passed, passPercent, answers: answers as Prisma.InputJsonObject, createdAt: now },
    select: { id: true },
  });
  const row = await tx.policyAcknowledgement.update({
    where: { id: a.id, orgId: a.orgId },
    data: { attempts: { increment: 1 }, ...(grade.passed && !a.passedAt ? { passedAt: now } : {}) },
    select: { attempts: true, passedAt: true },
  });
  await recordAuditEvent(tx, {
    orgId: a.orgId, ...actor, action: "ack.quiz_attempted", targetType: "PolicyAcknowledgement", targetId: a.id,
    metadata: { attemptId: attempt.id, scorePercent: grade.scorePercent, passPercent, passed: grade.passed, attempt: row.attempts },
  });
  const wrongIds = new Set(grade.wrong);
  const reread = [...new Set(questions.filter((q) => wrongIds.has(q.id) && q.sectionKey).map((q) => q.sectionKey!))];
  return { scorePercent: grade.scorePercent, passed: grade.passed, passPercent, wrongCount: grade.wrong.length, reread, attempts: row.attempts, passedAt: row.passedAt };
}

/**
 * Signs: the policy was opened, the quiz (if any) passed, the typed name is the person's own (case
 * and spaces aside) and the box ticked. Through the link the link is used up with it. From here on
 * the row never changes (DB trigger).
 */
export async function signAck(tx: Tx, a: LinkedAck, input: unknown, method: "LINK" | "IN_APP", actor: AckActor, now = new Date()) {
  const d = parseInput(signAckSchema, input);
  if (!a.openedAt) throw new AppError("CONFLICT", "Read the policy before signing");
  const { questions } = await questionsOf(tx, a);
  if (questions.length > 0 && !a.passedAt) throw new AppError("CONFLICT", "Pass the quiz before signing", { quiz: ["Pass the quiz first"] });
  if (!typedNameMatches(d.typedName, a.person.name)) {
    throw new AppError("VALIDATION", "The name typed is not the name on the roster", { typedName: ["Type your full name as your organization has it on its roster"] });
  }
  await tx.policyAcknowledgement.update({
    where: { id: a.id, orgId: a.orgId },
    data: {
      signedName: d.typedName.replace(/\s+/g, " "), signedAt: now, signatureMethod: method, linkUsedAt: method === "LINK" ? now : null,
      signerIp: actor.request.ip, signerUserAgent: actor.request.userAgent?.slice(0, 400) ?? null,
    },
  });
  await recordAuditEvent(tx, {
    orgId: a.orgId, ...actor, action: "ack.signed", targetType: "PolicyAcknowledgement", targetId: a.id,
    metadata: { versionId: a.versionId, personId: a.personId, method, readSeconds: a.readSeconds, attempts: a.attempts },
  });
  return { signedAt: now, orgName: a.orgName, versionNumber: a.versionNumber };
}
