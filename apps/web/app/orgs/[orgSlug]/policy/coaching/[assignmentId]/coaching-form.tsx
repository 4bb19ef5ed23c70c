"use client";

import { ActionForm } from "@/components/action-form";
import { Alert, Button } from "@/components/ui";
import { answerCoachingAction } from "./actions";

/** The coaching question as radio buttons; a wrong answer shows why and the form stays for a retry. */
export function CoachingForm({ orgSlug, assignmentId, question }: { orgSlug: string; assignmentId: string; question: { prompt: string; choices: string[] } | null }) {
  return (
    <ActionForm action={answerCoachingAction.bind(null, orgSlug)} label="Coaching question" className="space-y-4">
      {({ pending, fields, state }) => (
        <>
          <input type="hidden" name="assignmentId" value={assignmentId} />
          {question ? (
            <fieldset className="space-y-2" aria-invalid={!!fields?.chosenIndex || undefined}>
              <legend className="font-medium">{question.prompt}</legend>
              {question.choices.map((c, i) => (
                <label key={i} className="flex items-start gap-3 text-sm">
                  <input type="radio" name="chosenIndex" value={i} className="mt-0.5 h-4 w-4" />
                  <span>{c}</span>
                </label>
              ))}
              {fields?.chosenIndex ? <p className="text-sm text-red-700">{fields.chosenIndex.join(" ")}</p> : null}
            </fieldset>
          ) : (
            <p className="text-sm text-slate-600">Your organization&apos;s quiz has no question on this yet: confirm you read the section.</p>
          )}
          {state?.ok && state.message ? <Alert tone={(state.data as { correct?: boolean })?.correct ? "success" : "warning"} role="status">{state.message}</Alert> : null}
          <Button type="submit" disabled={pending}>{pending ? "Checking…" : question ? "Check my answer" : "I read it"}</Button>
        </>
      )}
    </ActionForm>
  );
}
