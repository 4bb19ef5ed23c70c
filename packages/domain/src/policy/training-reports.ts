import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { readSections } from "./manual-sections";

// Training records read back for the reports and the evidence pack: each person's acknowledgements
// (version, dates, reading time, quiz attempts and scores) and coaching assignments, and per version
// how the quiz went. Names, emails and departments only; nothing of what triggered a coaching task.

export interface Period {
  from: Date;
  /** Exclusive. */
  to: Date;
}

const within = (d: Date | null, p?: Period) => !p || (d !== null && d >= p.from && d < p.to);

/** Every person's training record (inactive people too: their history is kept). */
export async function loadTrainingHistory(ctx: TenantContext) {
  const orgId = ctx.org.id;
  const [persons, acks, attempts, coaching, coachingAttempts, versions] = await Promise.all([
    ctx.db.workforcePerson.findMany({ where: { orgId }, orderBy: [{ department: "asc" }, { name: "asc" }] }),
    ctx.db.policyAcknowledgement.findMany({ where: { orgId }, orderBy: { assignedAt: "asc" } }),
    ctx.db.policyQuizAttempt.findMany({ where: { orgId }, orderBy: { createdAt: "asc" }, select: { acknowledgementId: true, createdAt: true, scorePercent: true, passed: true, passPercent: true } }),
    ctx.db.coachingAssignment.findMany({ where: { orgId }, orderBy: { createdAt: "asc" } }),
    ctx.db.coachingAttempt.findMany({ where: { orgId }, orderBy: { createdAt: "asc" }, select: { assignmentId: true, correct: true } }),
    ctx.db.policyManualVersion.findMany({ where: { orgId, status: "APPROVED" }, select: { id: true, number: true, sections: true } }),
  ]);
  const version = new Map(versions.map((v) => [v.id, { number: v.number, sections: readSections(v.sections) }]));
  const attemptsOf = group(attempts, (t) => t.acknowledgementId);
  const coachingTriesOf = group(coachingAttempts, (t) => t.assignmentId);
  const acksOf = group(acks, (a) => a.personId);
  const coachingOf = group(coaching, (c) => c.userId);
  const userIds = [...new Set(coaching.map((c) => c.userId))].filter((id) => !persons.some((p) => p.userId === id));
  // Members coached before they were synced to the roster still have a record.
  const extra = userIds.length ? await ctx.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }) : [];
  const people = [
    ...persons.map((p) => ({ personId: p.id as string | null, userId: p.userId, name: p.name, email: p.email, department: p.department, jobRole: p.jobRole, active: p.active })),
    ...extra.map((u) => ({ personId: null, userId: u.id as string | null, name: u.name, email: u.email, department: "", jobRole: "", active: true })),
  ];
  return people.map((p) => ({
    ...p,
    acknowledgements: (p.personId ? (acksOf.get(p.personId) ?? []) : []).map((a) => ({
      id: a.id, versionNumber: version.get(a.versionId)?.number ?? null, assignedAt: a.assignedAt, dueAt: a.dueAt, openedAt: a.openedAt, signedAt: a.signedAt,
      signatureMethod: a.signatureMethod, readSeconds: a.readSeconds, passedAt: a.passedAt,
      attempts: (attemptsOf.get(a.id) ?? []).map((t) => ({ at: t.createdAt, scorePercent: t.scorePercent, passed: t.passed, passPercent: t.passPercent })),
    })),
    coaching: (p.userId ? (coachingOf.get(p.userId) ?? []) : []).map((c) => {
      const tries = coachingTriesOf.get(c.id) ?? [];
      const v = version.get(c.versionId);
      return {
        id: c.id, trigger: c.trigger, assignedAt: c.createdAt, versionNumber: v?.number ?? null, sectionKey: c.sectionKey,
        sectionTitle: v?.sections.find((s) => s.key === c.sectionKey)?.title ?? c.sectionKey, hasQuestion: !!c.questionId,
        attempts: c.attempts, firstTryCorrect: tries.length ? tries[0]!.correct : null, readSeconds: c.readSeconds, completedAt: c.completedAt,
      };
    }),
  }));
}
export type TrainingHistory = Awaited<ReturnType<typeof loadTrainingHistory>>;

export async function getTrainingHistory(ctx: TenantContext) {
  assertCan(ctx, "manual.manage");
  return loadTrainingHistory(ctx);
}

export type TrainingRecordKind = "acknowledgement" | "quiz_attempt" | "coaching";

/** One flat row per record (an acknowledgement, a quiz attempt, a coaching task), dated; within `period` when given. */
export function trainingRows(history: TrainingHistory, period?: Period) {
  const rows: { kind: TrainingRecordKind; name: string; email: string; department: string; version: number | null; date: Date; completedAt: Date | null; readSeconds: number | null; attempts: number | null; scorePercent: number | null; passed: boolean | null; detail: string }[] = [];
  for (const p of history) {
    const who = { name: p.name, email: p.email, department: p.department };
    for (const a of p.acknowledgements) {
      if (within(a.assignedAt, period) || within(a.signedAt, period)) {
        rows.push({ kind: "acknowledgement", ...who, version: a.versionNumber, date: a.assignedAt, completedAt: a.signedAt, readSeconds: a.readSeconds, attempts: a.attempts.length, scorePercent: a.attempts.at(-1)?.scorePercent ?? null, passed: a.passedAt !== null, detail: a.signatureMethod ?? "unsigned" });
      }
      for (const t of a.attempts) {
        if (within(t.at, period)) rows.push({ kind: "quiz_attempt", ...who, version: a.versionNumber, date: t.at, completedAt: null, readSeconds: null, attempts: null, scorePercent: t.scorePercent, passed: t.passed, detail: `pass mark ${t.passPercent}%` });
      }
    }
    for (const c of p.coaching) {
      if (within(c.assignedAt, period) || within(c.completedAt, period)) {
        rows.push({ kind: "coaching", ...who, version: c.versionNumber, date: c.assignedAt, completedAt: c.completedAt, readSeconds: c.readSeconds, attempts: c.attempts, scorePercent: null, passed: c.firstTryCorrect, detail: `${c.trigger} · ${c.sectionTitle}` });
      }
    }
  }
  return rows.sort((x, y) => x.date.getTime() - y.date.getTime());
}

/** Per approved version: quiz attempts, how many passed, and per question how often it was answered right. */
export async function loadQuizResults(ctx: TenantContext) {
  const orgId = ctx.org.id;
  const [versions, acks, attempts] = await Promise.all([
    ctx.db.policyManualVersion.findMany({ where: { orgId, status: "APPROVED" }, orderBy: { number: "desc" }, select: { id: true, number: true, effectiveAt: true } }),
    ctx.db.policyAcknowledgement.findMany({ where: { orgId }, select: { id: true, versionId: true, personId: true } }),
    ctx.db.policyQuizAttempt.findMany({ where: { orgId }, select: { acknowledgementId: true, passed: true, answers: true } }),
  ]);
  const ackById = new Map(acks.map((a) => [a.id, a]));
  const questionIds = [...new Set(attempts.flatMap((t) => Object.keys(answersOf(t.answers))))];
  const questions = questionIds.length ? await ctx.db.policyQuizQuestion.findMany({ where: { orgId, id: { in: questionIds } }, select: { id: true, prompt: true, correctIndex: true, sectionKey: true, active: true } }) : [];
  const question = new Map(questions.map((q) => [q.id, q]));
  return versions.map((v) => {
    const mine = attempts.filter((t) => ackById.get(t.acknowledgementId)?.versionId === v.id);
    const people = new Set(mine.map((t) => ackById.get(t.acknowledgementId)!.personId));
    const passedPeople = new Set(mine.filter((t) => t.passed).map((t) => ackById.get(t.acknowledgementId)!.personId));
    const perQuestion = new Map<string, { answered: number; correct: number }>();
    for (const t of mine) {
      for (const [qid, chosen] of Object.entries(answersOf(t.answers))) {
        const q = question.get(qid);
        if (!q) continue;
        const c = perQuestion.get(qid) ?? { answered: 0, correct: 0 };
        c.answered += 1;
        if (chosen === q.correctIndex) c.correct += 1;
        perQuestion.set(qid, c);
      }
    }
    return {
      versionId: v.id, number: v.number, effectiveAt: v.effectiveAt, attempts: mine.length, passedAttempts: mine.filter((t) => t.passed).length,
      people: people.size, peoplePassed: passedPeople.size, passRatePercent: percent(mine.filter((t) => t.passed).length, mine.length),
      questions: [...perQuestion].map(([id, c]) => ({ id, prompt: question.get(id)!.prompt, sectionKey: question.get(id)!.sectionKey, active: question.get(id)!.active, ...c, correctRatePercent: percent(c.correct, c.answered) })),
    };
  });
}
export type QuizResults = Awaited<ReturnType<typeof loadQuizResults>>;

export async function getQuizResults(ctx: TenantContext) {
  assertCan(ctx, "manual.manage");
  return loadQuizResults(ctx);
}

/** Whole percent, rounded down (never shown as better than it is); null with nothing to count. */
export const percent = (part: number, whole: number) => (whole === 0 ? null : Math.floor((part * 100) / whole));

function answersOf(json: unknown): Record<string, number> {
  if (!json || typeof json !== "object" || Array.isArray(json)) return {};
  return Object.fromEntries(Object.entries(json as Record<string, unknown>).filter((e): e is [string, number] => Number.isInteger(e[1])));
}

function group<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}
