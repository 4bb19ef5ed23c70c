"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { postJson } from "./post-json";

/**
 * The mailed code: a right one sets this link's session cookie and the page re-renders with the
 * post; a wrong one says how many tries are left. "Send a new code" at most once a minute.
 */
export function CodeForm(props: { token: string; maskedEmail: string; codeLive: boolean; codesLeft: number; attemptsLeft: number; resendAt: string | null }) {
  const router = useRouter();
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(props.codeLive ? `We sent a code to ${props.maskedEmail}. It works for 15 minutes.` : null);
  const [pending, setPending] = useState(false);

  const verify = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    const r = await postJson<{ sessionExpiresAt: string }>(`/approve/${props.token}/verify`, { code });
    setPending(false);
    if (r.ok) return router.refresh();
    // A locked or otherwise dead link: the page says why.
    if (r.code === "GONE") return router.refresh();
    setError(r.fields.code?.join(" ") ?? r.message);
  };
  const resend = async () => {
    setPending(true);
    const r = await postJson<{ maskedEmail: string }>(`/approve/${props.token}/code`, {});
    setPending(false);
    setError(r.ok ? null : r.message);
    if (r.ok) setNotice(`We sent a new code to ${r.data.maskedEmail}. It works for 15 minutes.`);
  };

  return (
    <div className="space-y-4">
      {notice ? <p role="status" className="rounded-md border border-sky-200 bg-sky-50 p-3">{notice}</p> : null}
      {!props.codeLive && props.codesLeft <= 0 ? (
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 p-3">No more codes can be sent for this link. Ask the organization to send you a new link.</p>
      ) : null}
      {/* POST even before hydration or without JavaScript: the code never lands in a URL. */}
      <form method="post" action={`/approve/${props.token}/verify`} onSubmit={verify} noValidate className="space-y-3" aria-label="Confirm the code">
        <label htmlFor="code" className="block font-medium">Code from the email</label>
        <input
          id="code" name="code" value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, "").slice(0, 6))} inputMode="numeric" autoComplete="one-time-code"
          maxLength={6} aria-invalid={!!error || undefined} aria-describedby="code-help"
          className={`block h-12 w-48 rounded-md border px-3 text-lg tracking-widest ${error ? "border-red-500" : "border-slate-300"}`}
        />
        <p id="code-help" className="text-sm text-slate-500">6 digits. {props.attemptsLeft} wrong attempt{props.attemptsLeft === 1 ? "" : "s"} allowed before the link locks.</p>
        {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
        <div className="flex flex-wrap gap-3">
          <button type="submit" disabled={pending} className="min-h-12 rounded-md bg-brand-600 px-5 font-semibold text-white disabled:bg-slate-400">
            {pending ? "Checking…" : "Confirm"}
          </button>
          <button type="button" onClick={resend} disabled={pending || props.codesLeft <= 0} className="min-h-12 rounded-md border border-slate-300 px-4 disabled:text-slate-400">
            Send a new code
          </button>
        </div>
      </form>
    </div>
  );
}
