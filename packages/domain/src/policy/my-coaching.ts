import type { CoachingAssignment, Tx } from "@vetted/db";
import { forOrg, ORG_ID, rawSql } from "@vetted/db";
import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { READING_REPORT_MAX_SECONDS } from "./ack-flow";
import { readSections } from "./manual-sections";

// The signed-in member's coaching assignments (Policy → Acknowledge): read the section, answer the
// question; a wrong answer shows why and may be retried. Every attempt is recorded; the first right
// answer completes it. Only the member's own assignments are ever found here.

export const coachingIdSchema = z.object({ assignmentId: z.uuid({ message: "Choose a coaching task" }) });
export const coachingAnswerSchema = coachingIdSchema.extend({
  chosenIndex: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.coerce.number({ message: "Choose an answer" }).int("Choose an answer").min(0, "Choose an answer").optional()),
});

const TRIGGER_LABEL = { POST_BLOCKED: "a post you wrote was blocked by the scanner", GROUP_REPORT: "a post of yours in an employee group held patient information", INCIDENT: "a comment you posted held patient information" } as const;

async function sectionOf(tx: Tx | TenantContext["db"], a: Pick<CoachingAssignment, "orgId" | "versionId" | "sectionKey">) {
  const v = await tx.policyManualVersion.findFirstOrThrow({ where: { id: a.versionId, orgId: a.orgId }, select: { number: true, sections: true } });
  const s = readSections(v.sections).find((x) => x.key === a.sectionKey);
  return { versionNumber: v.number, title: s?.title ?? a.sectionKey, body: s?.body ?? "" };
}

/** The member's assignments, open ones first; titles only. */
export async function listMyCoaching(ctx: TenantContext) {
  assertCan(ctx, "manual.read");
  const rows = await ctx.db.coachingAssignment.findMany({ where: { orgId: ctx.org.id, userId: ctx.user.id }, orderBy: { createdAt: "desc" }, take: 50 });
  const versions = await ctx.db.policyManualVersion.findMany({ where: { orgId: ctx.org.id, id: { in: [...new Set(rows.map((r) => r.versionId))] } }, select: { id: true, number: true, sections: true } });
  const titles = new Map(versions.map((v) => [v.id, { number: v.number, sections: readSections(v.sections) }]));
  const list = rows.map((r) => ({
    id: r.id, why: TRIGGER_LABEL[r.trigger], createdAt: r.createdAt, completedAt: r.completedAt, attempts: r.attempts,
    versionNumber: titles.get(r.versionId)?.number ?? null, sectionTitle: titles.get(r.versionId)?.sections.find((s) => s.key === r.sectionKey)?.title ?? r.sectionKey,
  }));
  return [...list.filter((r) => !r.completedAt), ...list.filter((r) => r.completedAt)];
}

async function mine(tx: Tx, ctx: TenantContext, assignmentId: string, lock: boolean) {
  if (lock) await rawSql(tx, forOrg(ctx.org.id)).execute`SELECT 1 FROM "CoachingAssignment" WHERE id = ${assignmentId}::uuid AND "orgId" = ${ORG_ID}::uuid AND "userId" = ${ctx.user.id}::uuid FOR UPDATE`;
  const a = await tx.coachingAssignment.findFirst({ where: { id: assignmentId, orgId: ctx.org.id, userId: ctx.user.id } });
  if (!a) throw AppError.notFound("Coaching task not found");
  return a;
}

async function questionOf(tx: Tx, a: CoachingAssignment) {
  return a.questionId ? tx.policyQuizQuestion.findFirstOrThrow({ where: { id: a.questionId, orgId: a.orgId }, select: { id: true, prompt: true, choices: true, correctIndex: true } }) : null;
}

/** Opens one assignment: the section and the question (without its answer). The first open is kept; every open is audited. */
export async function openMyCoaching(ctx: TenantContext, input: unknown, now = new Date()) {
  assertCan(ctx, "manual.read");
  const { assignmentId } = parseInput(coachingIdSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const a = await mine(tx, ctx, assignmentId, true);
    if (!a.openedAt && !a.completedAt) await tx.coachingAssignment.update({ where: { id: a.id, orgId: a.orgId }, data: { openedAt: now }, select: { id: true } });
    await recordAuditEvent(tx, { orgId: a.orgId, actorId: ctx.user.id, action: "coaching.opened", targetType: "CoachingAssignment", targetId: a.id, metadata: { firstView: !a.openedAt }, request: ctx.request });
    const [section, question] = await Promise.all([sectionOf(tx, a), questionOf(tx, a)]);
    return {
      id: a.id, why: TRIGGER_LABEL[a.trigger], section, attempts: a.attempts, completedAt: a.completedAt,
      question: question ? { prompt: question.prompt, choices: question.choices } : null,
    };
  });
}
export type CoachingView = Awaited<ReturnType<typeof openMyCoaching>>;

/**
 * Answers the question (or, with none, confirms the section was read). Recorded however it ends; the
 * time since opening (capped) counts as reading time. A wrong answer returns the explanation: the
 * section to read again, never the right answer (the same question is in the acknowledgement quiz).
 */
export async function answerMyCoaching(ctx: TenantContext, input: unknown, now = new Date()) {
  assertCan(ctx, "manual.read");
  const { assignmentId, chosenIndex } = parseInput(coachingAnswerSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const a = await mine(tx, ctx, assignmentId, true);
    if (a.completedAt) throw new AppError("CONFLICT", "You already completed this coaching task");
    if (!a.openedAt) throw new AppError("CONFLICT", "Read the section before answering");
    const question = await questionOf(tx, a);
    if (question && (chosenIndex === undefined || chosenIndex >= question.choices.length)) {
      throw new AppError("VALIDATION", "Choose one of the answers", { chosenIndex: ["Choose one of the answers"] });
    }
    const correct = question ? chosenIndex === question.correctIndex : true;
    const readSeconds = Math.max(a.readSeconds, Math.min(READING_REPORT_MAX_SECONDS, Math.floor((now.getTime() - a.openedAt.getTime()) / 1000)));
    if (question) await tx.coachingAttempt.create({ data: { orgId: a.orgId, assignmentId: a.id, questionId: question.id, chosenIndex: chosenIndex!, correct, createdAt: now }, select: { id: true } });
    const row = await tx.coachingAssignment.update({
      where: { id: a.id, orgId: a.orgId },
      data: { readSeconds, attempts: question ? { increment: 1 } : undefined, ...(correct ? { completedAt: now } : {}) },
      select: { attempts: true, completedAt: true },
    });
    await recordAuditEvent(tx, {
      orgId: a.orgId, actorId: ctx.user.id, action: correct ? "coaching.completed" : "coaching.answered", targetType: "CoachingAssignment", targetId: a.id, request: ctx.request,
      metadata: { correct, attempt: row.attempts, readSeconds, questionId: question?.id ?? null },
    });
    const section = correct ? null : await sectionOf(tx, a);
    return {
      correct, completed: !!row.completedAt, attempts: row.attempts,
      explanation: section ? `That is not what the manual says. Read "${section.title}" (version ${section.versionNumber}) again, then try once more.` : null,
    };
  });
}
