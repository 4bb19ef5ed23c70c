"use client";

export type QuizQuestion = { id: string; prompt: string; choices: string[] };

/**
 * The quiz's questions as radio groups named "answers.<questionId>" (so a plain form post reads the
 * same as the JSON the link page sends). Plain text only. Controlled when `value`/`onChange` are given.
 */
export function QuizQuestions({ questions, errors, value, onChange }: { questions: QuizQuestion[]; errors?: Record<string, string[]>; value?: Record<string, number>; onChange?: (v: Record<string, number>) => void }) {
  return (
    <ol className="space-y-4">
      {questions.map((q, i) => {
        const error = errors?.[`answers.${q.id}`] ?? (i === 0 ? errors?.answers : undefined);
        return (
          <li key={q.id}>
            <fieldset className="space-y-2 rounded-md border border-slate-200 bg-white p-3" aria-invalid={!!error || undefined}>
              <legend className="px-1 font-medium">{i + 1}. {q.prompt}</legend>
              {q.choices.map((c, j) => (
                <label key={j} className="flex min-h-11 cursor-pointer items-center gap-3 rounded px-2 hover:bg-slate-50">
                  <input
                    type="radio" name={`answers.${q.id}`} value={j} className="h-5 w-5"
                    {...(onChange ? { checked: value?.[q.id] === j, onChange: () => onChange({ ...value, [q.id]: j }) } : {})}
                  />
                  <span>{c}</span>
                </label>
              ))}
              {error ? <p className="text-sm text-red-700">{error.join(" ")}</p> : null}
            </fieldset>
          </li>
        );
      })}
    </ol>
  );
}
