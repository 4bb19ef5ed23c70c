"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { postJson } from "./post-json";

type Decided = { decision: "APPROVE" | "REQUEST_CHANGES"; decidedAt: string };

/**
 * Approve, or request changes with a comment (required). The server decides what stands: a post the
 * compliance review has not cleared cannot be approved (the obstacle is shown up front), and a used
 * or changed link refuses. After the decision, a thank-you; the link is used up.
 */
export function DecisionForm({ token, orgName, obstacle }: { token: string; orgName: string; obstacle: string | null }) {
  const router = useRouter();
  const [comment, setComment] = useState("");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [decided, setDecided] = useState<Decided | null>(null);

  if (decided) {
    return (
      <section aria-live="polite" className="space-y-2" data-testid="client-decided">
        <h2 className="text-xl font-semibold text-emerald-800">{decided.decision === "APPROVE" ? "Thank you: you approved the post" : "Thank you: your request for changes was sent"}</h2>
        <p>{orgName} has been told. You can close this page; the link no longer works.</p>
      </section>
    );
  }

  const decide = (decision: Decided["decision"]) => async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    const r = await postJson<Decided>(`/approve/${token}/decision`, { decision, comment });
    setPending(false);
    if (r.ok) return setDecided(r.data);
    // The link was used, changed or expired meanwhile, or the confirmation lapsed: the page says what now.
    if (r.code === "GONE" || r.code === "UNAUTHENTICATED") return router.refresh();
    setErrors(r.fields);
    setMessage(r.message);
  };

  return (
    // POST even before hydration or without JavaScript: a comment may name a patient and never lands in a URL.
    <form method="post" action={`/approve/${token}/decision`} noValidate className="space-y-4" aria-label="Your decision" onSubmit={decide("APPROVE")}>
      {obstacle ? <p role="status" data-testid="client-obstacle" className="rounded-md border border-amber-200 bg-amber-50 p-3">{obstacle}</p> : null}
      <div className="space-y-1">
        <label htmlFor="comment" className="block font-medium">Comment</label>
        <textarea
          id="comment" name="comment" rows={4} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} aria-invalid={!!errors.comment || undefined}
          className={`block w-full rounded-md border px-3 py-2 ${errors.comment ? "border-red-500" : "border-slate-300"}`}
        />
        {errors.comment ? <p className="text-sm text-red-700">{errors.comment.join(" ")}</p> : <p className="text-sm text-slate-500">Required when you request changes: say what should change.</p>}
      </div>
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={pending || !!obstacle} className="min-h-12 rounded-md bg-brand-600 px-5 font-semibold text-white disabled:bg-slate-400">Approve</button>
        <button type="button" disabled={pending} onClick={decide("REQUEST_CHANGES")} className="min-h-12 rounded-md border border-slate-300 px-5 font-semibold">Request changes</button>
      </div>
      {message ? <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-red-900">{message}</p> : null}
    </form>
  );
}
