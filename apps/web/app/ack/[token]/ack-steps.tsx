"use client";

import { useState, type FormEvent } from "react";
import { flushReadingTime } from "@/components/reading-timer";
import { QuizQuestions, type QuizQuestion } from "@/components/quiz-questions";

type Errors = Record<string, string[]>;
type ErrorBody = { error?: { code: string; message: string; fields?: Errors } };
type QuizResult = { scorePercent: number; passed: boolean; passPercent: number; wrongCount: number; attempts: number };

async function post<T>(url: string, body: unknown): Promise<{ ok: true; data: T } | { ok: false; message: string; fields: Errors }> {
  try {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const json = (await response.json()) as T & ErrorBody;
    if (response.ok) return { ok: true, data: json };
    return { ok: false, message: json.error?.message ?? "Something went wrong. Please try again.", fields: json.error?.fields ?? {} };
  } catch {
    return { ok: false, message: "Could not reach the server. Check your connection and try again.", fields: {} };
  }
}

/** The quiz (if the organization set one), then the signature; then a thank-you. */
export function AckSteps({ token, questions, passPercent, initiallyPassed }: { token: string; questions: QuizQuestion[]; passPercent: number; initiallyPassed: boolean }) {
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [passed, setPassed] = useState(initiallyPassed);
  const [result, setResult] = useState<QuizResult | null>(null);
  const [typedName, setTypedName] = useState("");
  const [confirm, setConfirm] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [signedAt, setSignedAt] = useState<string | null>(null);

  if (signedAt) {
    return (
      <section aria-live="polite" className="space-y-2">
        <h2 className="text-xl font-semibold text-emerald-800">Thank you, it is signed</h2>
        <p>You signed on {signedAt.slice(0, 10)}. Your organization keeps the record; you can close this page.</p>
      </section>
    );
  }

  const submitQuiz = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    flushReadingTime();
    const r = await post<QuizResult>(`/ack/${token}/quiz`, { answers });
    setPending(false);
    setErrors(r.ok ? {} : r.fields);
    setMessage(r.ok ? null : r.message);
    if (r.ok) {
      setResult(r.data);
      setPassed(r.data.passed);
    }
  };
  const sign = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    flushReadingTime();
    const r = await post<{ signedAt: string }>(`/ack/${token}/sign`, { typedName, confirm });
    setPending(false);
    setErrors(r.ok ? {} : r.fields);
    setMessage(r.ok ? null : r.message);
    if (r.ok) setSignedAt(r.data.signedAt);
  };

  return (
    <div className="space-y-6">
      {!passed && questions.length > 0 ? (
        <form onSubmit={submitQuiz} noValidate className="space-y-4" aria-label="Policy quiz">
          <h2 className="text-xl font-semibold">Quiz</h2>
          <p className="text-sm text-slate-600">Answer every question; {passPercent}% correct passes. You may try again.</p>
          <QuizQuestions questions={questions} errors={errors} value={answers} onChange={setAnswers} />
          {result && !result.passed ? (
            <p role="status" className="rounded-md border border-amber-200 bg-amber-50 p-3">
              {result.scorePercent}% correct ({result.wrongCount} wrong); {result.passPercent}% passes. Read the policy again and retry.
            </p>
          ) : null}
          <button type="submit" disabled={pending} className="min-h-12 w-full rounded-md bg-brand-600 px-4 font-semibold text-white disabled:bg-slate-400">
            {pending ? "Checking…" : "Check my answers"}
          </button>
        </form>
      ) : (
        <form onSubmit={sign} noValidate className="space-y-4" aria-label="Sign the policy">
          <h2 className="text-xl font-semibold">Sign</h2>
          {result?.passed ? <p role="status" className="text-emerald-800">Quiz passed ({result.scorePercent}%).</p> : null}
          <label className="flex min-h-11 items-start gap-3 rounded-md border border-slate-200 bg-white p-3">
            <input type="checkbox" name="confirm" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} className="mt-0.5 h-6 w-6 shrink-0" aria-invalid={!!errors.confirm || undefined} />
            <span>I read the social media policy, I understood it, and I will follow it.</span>
          </label>
          {errors.confirm ? <p className="text-sm text-red-700">{errors.confirm.join(" ")}</p> : null}
          <div className="space-y-1">
            <label htmlFor="typedName" className="block font-medium">Your full name</label>
            <input
              id="typedName" name="typedName" value={typedName} onChange={(e) => setTypedName(e.target.value)} autoComplete="name" maxLength={200}
              className={`block h-12 w-full rounded-md border px-3 ${errors.typedName ? "border-red-500" : "border-slate-300"}`} aria-invalid={!!errors.typedName || undefined}
            />
            {errors.typedName ? <p className="text-sm text-red-700">{errors.typedName.join(" ")}</p> : <p className="text-sm text-slate-500">As your organization has it on its roster.</p>}
          </div>
          <button type="submit" disabled={pending} className="min-h-12 w-full rounded-md bg-brand-600 px-4 font-semibold text-white disabled:bg-slate-400">
            {pending ? "Signing…" : "Sign"}
          </button>
        </form>
      )}
      {message ? <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-red-900">{message}</p> : null}
    </div>
  );
}
