"use client";

import { ActionForm } from "@/components/action-form";
import { QuizQuestions, type QuizQuestion } from "@/components/quiz-questions";
import { flushReadingTime } from "@/components/reading-timer";
import { Button, Field, Input } from "@/components/ui";
import { signMyAckAction, submitMyQuizAction } from "./actions";

export function MyQuizForm({ orgSlug, questions, passPercent }: { orgSlug: string; questions: QuizQuestion[]; passPercent: number }) {
  return (
    <ActionForm action={submitMyQuizAction.bind(null, orgSlug)} label="Policy quiz" className="space-y-4">
      {({ pending, fields }) => (
        <>
          <p className="text-sm text-slate-600">Answer every question; {passPercent}% correct passes. You may try again.</p>
          <QuizQuestions questions={questions} errors={fields} />
          <Button type="submit" disabled={pending} onClick={flushReadingTime}>{pending ? "Checking…" : "Check my answers"}</Button>
        </>
      )}
    </ActionForm>
  );
}

export function MySignForm({ orgSlug }: { orgSlug: string }) {
  return (
    <ActionForm action={signMyAckAction.bind(null, orgSlug)} label="Sign the policy" className="space-y-4">
      {({ pending, fields }) => (
        <>
          <label className="flex items-start gap-3 rounded-md border border-slate-200 bg-white p-3 text-sm">
            <input type="checkbox" name="confirm" className="mt-0.5 h-5 w-5 shrink-0" aria-invalid={!!fields?.confirm || undefined} />
            <span>I read the social media policy, I understood it, and I will follow it.</span>
          </label>
          {fields?.confirm ? <p className="text-sm text-red-700">{fields.confirm.join(" ")}</p> : null}
          <Field label="Your full name" name="typedName" error={fields?.typedName} hint="As it appears on your account">
            <Input id="typedName" name="typedName" autoComplete="name" maxLength={200} invalid={!!fields?.typedName} />
          </Field>
          <Field label="Your password" name="password" error={fields?.password} hint="To confirm it is you signing">
            <Input id="password" name="password" type="password" autoComplete="current-password" maxLength={200} invalid={!!fields?.password} />
          </Field>
          <Button type="submit" disabled={pending} onClick={flushReadingTime}>{pending ? "Signing…" : "Sign"}</Button>
        </>
      )}
    </ActionForm>
  );
}
