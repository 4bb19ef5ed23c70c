import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";

export interface QuizQuestionView {
  id: string;
  prompt: string;
  choices: string[];
  correctIndex: number;
  sectionKey: string | null;
  createdAt: Date;
}

/** The quiz as editors see it (with the correct answers): the active questions, oldest first. */
export async function listQuizQuestions(ctx: TenantContext): Promise<QuizQuestionView[]> {
  assertCan(ctx, "manual.manage");
  return ctx.db.policyQuizQuestion.findMany({
    where: { orgId: ctx.org.id, active: true },
    orderBy: { createdAt: "asc" },
    select: { id: true, prompt: true, choices: true, correctIndex: true, sectionKey: true, createdAt: true },
  });
}
