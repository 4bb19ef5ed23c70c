import { z } from "zod";
import { AppError, type FieldErrors } from "../errors";

// Grading a policy quiz attempt (issue 13), without the database: the manual's active questions,
// the answers given (question id → index of the chosen choice) and the org's pass mark.

export interface GradableQuestion {
  id: string;
  choices: string[];
  correctIndex: number;
}

export interface QuizGrade {
  /** Whole percent, rounded down: 2 of 3 is 66, never shown as a pass it is not. */
  scorePercent: number;
  passed: boolean;
  correct: number;
  total: number;
  /** Question ids answered wrongly (what to re-read); the right answers are never returned. */
  wrong: string[];
}

/** A form sends "answers.<questionId>" = "<index>"; JSON clients send { answers: { <id>: <index> } }. */
export const quizAnswersSchema = z.record(
  z.string().uuid("Not a valid question id"),
  z.coerce.number({ message: "Choose one of the answers" }).int("Choose one of the answers").min(0, "Choose one of the answers"),
  { message: "Answer the questions" },
);
export type QuizAnswers = z.infer<typeof quizAnswersSchema>;

/**
 * Grades the answers. Every question must be answered with one of its choices, and no other question
 * may be named: otherwise a VALIDATION error naming `answers` (nothing answered) or `answers.<id>`.
 * A quiz with no questions passes: the org has set none.
 */
export function gradeQuiz(questions: readonly GradableQuestion[], answers: QuizAnswers, passPercent: number): QuizGrade {
  const fields: FieldErrors = {};
  if (questions.length > 0 && Object.keys(answers).length === 0) {
    throw new AppError("VALIDATION", "Answer the questions before submitting", { answers: ["Answer every question"] });
  }
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const id of Object.keys(answers)) if (!byId.has(id)) (fields[`answers.${id}`] ??= []).push("This question is not part of the quiz");
  for (const q of questions) {
    const chosen = answers[q.id];
    if (chosen === undefined) (fields[`answers.${q.id}`] ??= []).push("Choose an answer");
    else if (chosen >= q.choices.length) (fields[`answers.${q.id}`] ??= []).push("Choose one of the answers");
  }
  if (Object.keys(fields).length) throw new AppError("VALIDATION", "Answer every question with one of its choices", fields);
  const wrong = questions.filter((q) => answers[q.id] !== q.correctIndex).map((q) => q.id);
  const total = questions.length;
  const correct = total - wrong.length;
  if (total === 0) return { scorePercent: 100, passed: true, correct: 0, total: 0, wrong: [] };
  // Compared exactly (correct / total ≥ pass / 100), not on the rounded percent.
  return { scorePercent: Math.floor((correct * 100) / total), passed: correct * 100 >= passPercent * total, correct, total, wrong };
}
