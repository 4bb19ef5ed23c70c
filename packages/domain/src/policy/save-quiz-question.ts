import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { ensureManual, lockManual } from "./policy-records";
import { quizQuestionSchema } from "./quiz-question-schema";

export { quizQuestionSchema as saveQuizQuestionSchema } from "./quiz-question-schema";

/**
 * Adds a quiz question, or replaces one: a question that may have been answered is evidence of what
 * was asked, so the old row is retired (pointing at its replacement) and a new row holds the edit.
 */
export async function saveQuizQuestion(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "manual.manage");
  const q = parseInput(quizQuestionSchema, input);
  const orgId = ctx.org.id;
  return ctx.db.$transaction(async (tx) => {
    await lockManual(tx, orgId);
    const manual = (await ensureManual(tx, orgId, { create: true, actorId: ctx.user.id, request: ctx.request }))!;
    const old = q.questionId ? await tx.policyQuizQuestion.findFirst({ where: { id: q.questionId, orgId } }) : null;
    if (q.questionId && !old) throw AppError.notFound("Question not found");
    if (old && !old.active) throw new AppError("CONFLICT", "That question was retired or replaced: edit its current version");
    const row = await tx.policyQuizQuestion.create({
      data: { orgId, manualId: manual.id, prompt: q.prompt, choices: q.choices, correctIndex: q.correctIndex, sectionKey: q.sectionKey ?? null, createdById: ctx.user.id },
      select: { id: true },
    });
    if (old) await tx.policyQuizQuestion.update({ where: { id: old.id, orgId }, data: { active: false, replacedById: row.id }, select: { id: true } });
    await recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: "manual.quiz.saved", targetType: "PolicyQuizQuestion", targetId: row.id, request: ctx.request,
      metadata: { replaces: old?.id ?? null, choices: q.choices.length, sectionKey: q.sectionKey ?? null },
    });
    return { questionId: row.id, replaced: old?.id ?? null };
  });
}

export const retireQuizQuestionSchema = z.object({ questionId: z.uuid({ message: "Choose a question" }) });

/** Takes a question out of the quiz; it stays on record with the attempts that answered it. */
export async function retireQuizQuestion(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "manual.manage");
  const { questionId } = parseInput(retireQuizQuestionSchema, input);
  const orgId = ctx.org.id;
  return ctx.db.$transaction(async (tx) => {
    await lockManual(tx, orgId);
    const q = await tx.policyQuizQuestion.findFirst({ where: { id: questionId, orgId }, select: { id: true, active: true } });
    if (!q) throw AppError.notFound("Question not found");
    if (!q.active) return { questionId, changed: false };
    await tx.policyQuizQuestion.update({ where: { id: q.id, orgId }, data: { active: false }, select: { id: true } });
    await recordAuditEvent(tx, { orgId, actorId: ctx.user.id, action: "manual.quiz.retired", targetType: "PolicyQuizQuestion", targetId: q.id, request: ctx.request });
    return { questionId, changed: true };
  });
}
