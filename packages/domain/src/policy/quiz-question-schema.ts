import { z } from "zod";
import { SECTION_KEYS } from "./manual-sections";
import { typedText } from "./policy-input";

export const QUIZ_PROMPT_MAX = 500;
export const QUIZ_CHOICE_MAX = 200;
export const QUIZ_CHOICES = { min: 2, max: 6 } as const;

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");

/**
 * A form sends every choice box, filled or not, and the correct one by its box's position: blank
 * boxes are dropped and the position is moved to match. A correct answer on a blank box stays
 * wrong (-1), so it is reported instead of silently pointing at another answer.
 */
function compactChoices(raw: unknown): unknown {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const input = raw as Record<string, unknown>;
  if (input.choices === undefined) return input;
  const list = Array.isArray(input.choices) ? input.choices : [input.choices];
  const kept: unknown[] = [];
  const moved = new Map<number, number>();
  list.forEach((c, i) => {
    if (isBlank(c)) return;
    moved.set(i, kept.length);
    kept.push(c);
  });
  const index = typeof input.correctIndex === "string" && input.correctIndex.trim() !== "" ? Number(input.correctIndex) : input.correctIndex;
  const correctIndex = typeof index === "number" && Number.isInteger(index) ? (moved.get(index) ?? (index >= 0 && index < list.length ? -1 : index)) : index;
  return { ...input, choices: kept, correctIndex };
}

export const quizQuestionSchema = z.preprocess(
  compactChoices,
  z
    .object({
      /** When present, the question this one replaces (the old row is retired, never edited). */
      questionId: z.preprocess((v) => (isBlank(v) ? undefined : v), z.uuid({ message: "Choose a question" }).optional()),
      prompt: typedText("the question", 5, QUIZ_PROMPT_MAX),
      choices: z
        .array(typedText("an answer", 1, QUIZ_CHOICE_MAX), { message: "Give the possible answers" })
        .min(QUIZ_CHOICES.min, `Give at least ${QUIZ_CHOICES.min} answers`)
        .max(QUIZ_CHOICES.max, `Give at most ${QUIZ_CHOICES.max} answers`)
        .refine((cs) => new Set(cs.map((c) => c.toLowerCase())).size === cs.length, "Each answer must be different"),
      correctIndex: z.number({ message: "Choose the correct answer" }).int("Choose the correct answer").min(0, "The correct answer cannot be an empty box"),
      sectionKey: z.preprocess((v) => (isBlank(v) ? undefined : v), z.enum(SECTION_KEYS, { message: "Choose a section of the manual" }).optional()),
    })
    .refine((q) => q.correctIndex < q.choices.length, { message: "Choose one of the answers as the correct one", path: ["correctIndex"] }),
);
export type QuizQuestionInput = z.infer<typeof quizQuestionSchema>;
