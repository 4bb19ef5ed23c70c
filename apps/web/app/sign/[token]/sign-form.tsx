"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { SignaturePad } from "./signature-pad";

type Errors = Record<string, string[]>;
type Done = { signedAt: string; orgName: string; copyAvailableDays: number };

const input = (invalid: boolean) => `block h-12 w-full rounded-md border px-3 text-base shadow-sm ${invalid ? "border-red-500" : "border-slate-300"}`;

function ErrorText({ name, errors }: { name: string; errors: Errors }) {
  return errors[name]?.length ? <p id={`${name}-error`} className="text-sm text-red-700">{errors[name].join(" ")}</p> : null;
}

function Check({ name, checked, onChange, errors, children }: { name: string; checked: boolean; onChange: (v: boolean) => void; errors: Errors; children: ReactNode }) {
  return (
    <div>
      <label className="flex min-h-11 cursor-pointer items-start gap-3 rounded-md border border-slate-200 bg-white p-3 text-base">
        <input
          type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)}
          className="mt-0.5 h-6 w-6 shrink-0" aria-invalid={!!errors[name] || undefined} aria-describedby={errors[name] ? `${name}-error` : undefined}
        />
        <span>{children}</span>
      </label>
      <ErrorText name={name} errors={errors} />
    </div>
  );
}

/** Client-side mirror of the server's required items (sign-consent-request.ts), for instant feedback. */
export function missingItems(f: { typedName: string; signature: string | null; isRepresentative: boolean; representativeAuthority: string; acks: Record<string, boolean> }): Errors {
  const out: Errors = {};
  if (!f.typedName.trim()) out.typedName = ["Type your full name"];
  if (!f.signature) out.signature = ["Draw your signature in the box"];
  if (f.isRepresentative && !f.representativeAuthority.trim()) out.representativeAuthority = ["Say what gives you the authority to sign for the patient"];
  for (const [key, ticked] of Object.entries(f.acks)) if (!ticked) out[key] = ["Tick this box to confirm"];
  return out;
}

/** The signing half of the page: statements, typed name, drawn signature; then the download screen. */
export function SignForm({ token, revocationContact }: { token: string; revocationContact: string }) {
  const [typedName, setTypedName] = useState("");
  const [signature, setSignature] = useState<string | null>(null);
  const [isRepresentative, setIsRepresentative] = useState(false);
  const [representativeAuthority, setAuthority] = useState("");
  const [acks, setAcks] = useState({ ackRightToRevoke: false, ackNoConditioning: false, ackRedisclosure: false, confirmName: false });
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  const ack = (k: keyof typeof acks) => (v: boolean) => setAcks((a) => ({ ...a, [k]: v }));

  if (done) {
    return (
      <section className="space-y-4" aria-live="polite">
        <h2 className="text-xl font-semibold text-emerald-800">Thank you, it is signed</h2>
        <p className="text-base">You signed this authorization on {done.signedAt.slice(0, 10)}. {done.orgName} has been told.</p>
        <a href={`/sign/${token}/copy`} download className="flex min-h-12 w-full items-center justify-center rounded-md bg-brand-600 px-4 text-base font-semibold text-white">
          Download your copy (PDF)
        </a>
        <p className="text-sm text-slate-600">Keep it for your records. The download works for {done.copyAvailableDays} days; after that, ask {done.orgName} for a copy.</p>
      </section>
    );
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // What is plainly missing is said at once, beside each item, without a round trip that would
    // show "Signing…" for a form that cannot be signed yet. The server checks everything again.
    const missing = missingItems({ typedName, signature, isRepresentative, representativeAuthority, acks });
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      setMessage("Something is missing or needs a change: see the items marked in red.");
      return;
    }
    setPending(true);
    setMessage(null);
    try {
      const response = await fetch(`/sign/${token}/submit`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ typedName, signature: signature ?? "", isRepresentative, representativeAuthority: isRepresentative ? representativeAuthority : undefined, ...acks }),
      });
      const body = (await response.json()) as Done & { error?: { code: string; message: string; fields?: Errors } };
      if (response.ok) return setDone(body);
      setErrors(body.error?.fields ?? {});
      // Field problems are shown beside each field; the summary just says where to look.
      const fieldsOnly = body.error?.code === "VALIDATION" && body.error.fields;
      setMessage(fieldsOnly ? "Something is missing or needs a change: see the items marked in red." : (body.error?.message ?? "Something went wrong. Please try again."));
    } catch {
      setMessage("Could not reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  };

  return (
    <form method="POST" onSubmit={submit} noValidate className="space-y-5" aria-label="Sign the authorization">
      <fieldset className="space-y-3">
        <legend className="mb-2 text-lg font-semibold">Please confirm you understand</legend>
        <Check name="ackRightToRevoke" checked={acks.ackRightToRevoke} onChange={ack("ackRightToRevoke")} errors={errors}>
          I can take back this permission at any time by writing to {revocationContact} (a letter or an email is enough). Taking it
          back does not undo what was already shared.
        </Check>
        <Check name="ackNoConditioning" checked={acks.ackNoConditioning} onChange={ack("ackNoConditioning")} errors={errors}>
          My treatment, payment, health plan enrollment and eligibility for benefits do not depend on whether I sign.
        </Check>
        <Check name="ackRedisclosure" checked={acks.ackRedisclosure} onChange={ack("ackRedisclosure")} errors={errors}>
          Once shared, my information may be shared again by the people who receive it and may no longer be protected by federal privacy law (HIPAA).
        </Check>
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="mb-2 text-lg font-semibold">Sign</legend>
        <Check name="isRepresentative" checked={isRepresentative} onChange={setIsRepresentative} errors={errors}>
          I am signing for the patient (for example as a parent or legal guardian)
        </Check>
        <div className="space-y-1">
          <label htmlFor="typedName" className="block text-base font-medium">{isRepresentative ? "Your full name (the representative)" : "Your full name"}</label>
          <input
            id="typedName" name="typedName" value={typedName} onChange={(e) => setTypedName(e.target.value)} autoComplete="name"
            className={input(!!errors.typedName)} aria-invalid={!!errors.typedName || undefined} aria-describedby={errors.typedName ? "typedName-error" : undefined}
          />
          <ErrorText name="typedName" errors={errors} />
        </div>
        {isRepresentative ? (
          <div className="space-y-1">
            <label htmlFor="representativeAuthority" className="block text-base font-medium">Your authority to sign for the patient</label>
            <input
              id="representativeAuthority" name="representativeAuthority" value={representativeAuthority} onChange={(e) => setAuthority(e.target.value)}
              placeholder="e.g. parent of a minor, legal guardian, health care power of attorney"
              className={input(!!errors.representativeAuthority)} aria-invalid={!!errors.representativeAuthority || undefined}
            />
            <ErrorText name="representativeAuthority" errors={errors} />
          </div>
        ) : null}
        <div className="space-y-1">
          <p className="text-base font-medium" id="signature-label">Draw your signature in the box</p>
          <SignaturePad onChange={setSignature} invalid={!!errors.signature} describedBy={errors.signature ? "signature-error" : "signature-label"} />
          <ErrorText name="signature" errors={errors} />
        </div>
        <Check name="confirmName" checked={acks.confirmName} onChange={ack("confirmName")} errors={errors}>
          {typedName.trim() ? <>I am <strong>{typedName.trim()}</strong></> : "The name above is mine"}, and my typed name and drawn signature are my electronic signature on this form.
        </Check>
      </fieldset>

      {message ? <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-base text-red-900">{message}</p> : null}
      <button type="submit" disabled={pending} className="flex min-h-12 w-full items-center justify-center rounded-md bg-brand-600 px-4 text-base font-semibold text-white disabled:bg-slate-400">
        {pending ? "Signing…" : "Sign and send"}
      </button>
    </form>
  );
}
