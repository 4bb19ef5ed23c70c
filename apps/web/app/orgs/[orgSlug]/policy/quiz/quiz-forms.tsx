"use client";

import { ActionForm } from "@/components/action-form";
import { Button, Field, Input, Select } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Bound = (p: ActionState, f: FormData) => Promise<ActionState>;
const SLOTS = 6;

/** A question with up to six answers (blank boxes are left out) and the correct one picked by its box. */
export function QuestionForm({ save, sections, question }: {
  save: Bound;
  sections: { key: string; title: string }[];
  question?: { id: string; prompt: string; choices: string[]; correctIndex: number; sectionKey: string | null };
}) {
  const prefix = question ? `q-${question.id}` : "q-new";
  return (
    <ActionForm action={save} label={question ? "Edit question" : "Add a question"} resetOnSuccess={!question}>
      {({ pending, fields }) => (
        <div className="space-y-3">
          {question ? <input type="hidden" name="questionId" value={question.id} /> : null}
          <Field label="Question" name={`${prefix}-prompt`} error={fields?.prompt}>
            <Input id={`${prefix}-prompt`} name="prompt" defaultValue={question?.prompt} maxLength={500} invalid={!!fields?.prompt} />
          </Field>
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium text-slate-700">Answers (2 to 6); pick the correct one</legend>
            {Array.from({ length: SLOTS }, (_, i) => (
              <div key={i} className="flex items-center gap-2">
                <input type="radio" name="correctIndex" value={i} defaultChecked={question?.correctIndex === i} aria-label={`Answer ${i + 1} is correct`} />
                <Input name="choices" defaultValue={question?.choices[i] ?? ""} maxLength={200} aria-label={`Answer ${i + 1}`} />
              </div>
            ))}
            {fields?.choices ? <p className="text-sm text-red-700">{fields.choices.join(" ")}</p> : null}
            {fields?.correctIndex ? <p className="text-sm text-red-700">{fields.correctIndex.join(" ")}</p> : null}
          </fieldset>
          <Field label="Manual section it is about (optional)" name={`${prefix}-section`} error={fields?.sectionKey}>
            <Select id={`${prefix}-section`} name="sectionKey" defaultValue={question?.sectionKey ?? ""}>
              <option value="">None</option>
              {sections.map((s) => <option key={s.key} value={s.key}>{s.title}</option>)}
            </Select>
          </Field>
          <Button type="submit" disabled={pending}>{question ? "Save as a new wording" : "Add question"}</Button>
        </div>
      )}
    </ActionForm>
  );
}

export function RetireQuestionForm({ questionId, retire }: { questionId: string; retire: Bound }) {
  return (
    <ActionForm action={retire} label="Retire question" confirm="Take this question out of the quiz? It stays on record with past answers.">
      {({ pending }) => (
        <>
          <input type="hidden" name="questionId" value={questionId} />
          <Button type="submit" variant="ghost" disabled={pending}>Retire</Button>
        </>
      )}
    </ActionForm>
  );
}
