"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { Alert, Button, Field, Input } from "@/components/ui";

type Option = { value: string; label: string };
type Errors = Record<string, string[]>;

const boxStyle = (invalid: boolean) => `block w-full rounded-md border px-3 py-2 text-sm shadow-sm ${invalid ? "border-red-500" : "border-slate-300"}`;

/** "recipients.0" → "recipients": errors are shown next to the input the list came from. */
function byField(fields: Errors | undefined): Errors {
  const out: Errors = {};
  for (const [key, messages] of Object.entries(fields ?? {})) (out[key.split(".")[0]!] ??= []).push(...messages);
  return out;
}

function ErrorText({ name, errors }: { name: string; errors: Errors }) {
  return errors[name]?.length ? <p id={`${name}-error`} className="text-sm text-red-700">{errors[name].join(" ")}</p> : null;
}

function Choices({ legend, name, options, errors, hint }: { legend: string; name: string; options: Option[]; errors: Errors; hint?: string }) {
  return (
    <fieldset className="space-y-1" aria-describedby={errors[name] ? `${name}-error` : undefined}>
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      <div className="flex flex-wrap gap-x-5 gap-y-1">
        {options.map((o) => (
          <label key={o.value} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name={name} value={o.value} className="h-4 w-4" />
            {o.label}
          </label>
        ))}
      </div>
      <ErrorText name={name} errors={errors} />
    </fieldset>
  );
}

function Statement({ name, errors, children }: { name: string; errors: Errors; children: ReactNode }) {
  return (
    <div>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name={name} value="true" className="mt-0.5 h-4 w-4" aria-invalid={!!errors[name] || undefined} aria-describedby={errors[name] ? `${name}-error` : undefined} />
        <span>{children}</span>
      </label>
      <ErrorText name={name} errors={errors} />
    </div>
  );
}

/**
 * The signed form and its 164.508(c) elements, sent as one multipart POST to the consents route.
 * Errors come back per field (the API's error body) and are shown beside each input.
 */
export function ConsentUploadForm({ orgSlug, discloser, maxBytes, channels, purposes }: { orgSlug: string; discloser: string; maxBytes: number; channels: Option[]; purposes: Option[] }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [representative, setRepresentative] = useState(false);
  const limit = `${Math.round(maxBytes / 1024 / 1024)} MB`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const file = data.get("file");
    const chosen = file instanceof File && file.name !== "";
    if (chosen && file.size > maxBytes) {
      setErrors({ file: [`The file is larger than the ${limit} limit for signed consents`] });
      setMessage("The file is too large: scan it at a lower resolution or as a PDF");
      return;
    }
    setPending(true);
    try {
      const response = await fetch(`/api/orgs/${orgSlug}/consents`, { method: "POST", body: data });
      const body = (await response.json().catch(() => null)) as { consent?: { id: string }; error?: { message: string; fields?: Errors } } | null;
      if (response.ok && body?.consent?.id) {
        router.push(`/orgs/${orgSlug}/consents/${body.consent.id}?uploaded=1`);
        return;
      }
      const fields = byField(body?.error?.fields);
      if (!chosen) fields.file = ["Attach the signed form (PDF, JPEG or PNG)"];
      // An empty date reads as a malformed one to the API; say what is missing instead.
      if (fields.signedAt && !data.get("signedAt")) fields.signedAt = ["Enter the date the form was signed"];
      setErrors(fields);
      setMessage(body?.error?.message ?? `The upload failed (the server answered ${response.status})`);
    } catch {
      setMessage("The upload did not reach the server; check the connection and try again");
    }
    setPending(false);
  }

  const invalid = (name: string) => !!errors[name]?.length;
  return (
    <form method="POST" action={`/api/orgs/${orgSlug}/consents`} encType="multipart/form-data" onSubmit={submit} noValidate className="space-y-6" aria-label="Upload a signed consent">
      <Field label={`Signed authorization form (PDF, JPEG or PNG, up to ${limit})`} name="file" error={errors.file} hint="The file is kept exactly as uploaded; its name is not stored (it often contains the patient's name).">
        <Input id="file" name="file" type="file" accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png" invalid={invalid("file")} />
      </Field>

      <section className="grid gap-4 md:grid-cols-3" aria-label="Patient">
        <Field label="Patient name (as on the form)" name="subjectName" error={errors.subjectName}>
          <Input id="subjectName" name="subjectName" autoComplete="off" invalid={invalid("subjectName")} />
        </Field>
        <Field label="Date of birth (optional)" name="dateOfBirth" error={errors.dateOfBirth}>
          <Input id="dateOfBirth" name="dateOfBirth" type="date" invalid={invalid("dateOfBirth")} />
        </Field>
        <Field label="Medical record number (optional)" name="mrn" error={errors.mrn}>
          <Input id="mrn" name="mrn" autoComplete="off" invalid={invalid("mrn")} />
        </Field>
      </section>

      <Field label="Information to be disclosed" name="informationDescription" error={errors.informationDescription} hint="As described on the form, e.g. photos and video taken at the spring rehab graduation.">
        <textarea id="informationDescription" name="informationDescription" rows={3} className={boxStyle(invalid("informationDescription"))} aria-invalid={invalid("informationDescription") || undefined} />
      </Field>

      <section className="grid gap-4 md:grid-cols-2" aria-label="Who discloses and who receives">
        <Field label="Who discloses it" name="discloser" error={errors.discloser}>
          <Input id="discloser" name="discloser" defaultValue={discloser} invalid={invalid("discloser")} />
        </Field>
        <Field label="Recipients (one per line)" name="recipients" error={errors.recipients} hint="Everyone the form names as receiving the information, e.g. the agency and each social network.">
          <textarea id="recipients" name="recipients" rows={3} className={boxStyle(invalid("recipients"))} aria-invalid={invalid("recipients") || undefined} />
        </Field>
      </section>

      <Choices legend="Channels the form allows" name="channels" options={channels} errors={errors} />
      <Choices legend="Purposes the form names" name="purposes" options={purposes} errors={errors} hint="Posts need “Social media marketing”." />

      <section className="grid gap-4 md:grid-cols-2" aria-label="Expiration">
        <Field label="Expiration date" name="expiresAt" error={errors.expiresAt} hint="Fill in the date, the event, or both, as on the form.">
          <Input id="expiresAt" name="expiresAt" type="date" invalid={invalid("expiresAt")} />
        </Field>
        <Field label="Expiration event (if the form names one)" name="expirationEvent" error={errors.expirationEvent} hint="E.g. “end of the 2026 campaign”.">
          <Input id="expirationEvent" name="expirationEvent" invalid={invalid("expirationEvent")} />
        </Field>
      </section>

      <section className="grid gap-4 md:grid-cols-2" aria-label="Signature">
        <Field label="Signed by" name="signerName" error={errors.signerName} hint="The name as signed: the patient, or their representative.">
          <Input id="signerName" name="signerName" autoComplete="off" invalid={invalid("signerName")} />
        </Field>
        <Field label="Date signed" name="signedAt" error={errors.signedAt}>
          <Input id="signedAt" name="signedAt" type="date" invalid={invalid("signedAt")} />
        </Field>
        <div className="md:col-span-2 space-y-3">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="isRepresentative" value="true" className="h-4 w-4" checked={representative} onChange={(e) => setRepresentative(e.target.checked)} />
            Signed by a personal representative, not the patient
          </label>
          {representative ? (
            <Field label="Representative's authority to sign" name="representativeAuthority" error={errors.representativeAuthority} hint="E.g. parent of a minor, health care power of attorney.">
              <Input id="representativeAuthority" name="representativeAuthority" invalid={invalid("representativeAuthority")} />
            </Field>
          ) : null}
        </div>
      </section>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">The signed form contains these statements (required by 45 CFR 164.508(c)(2))</legend>
        <Statement name="ackRightToRevoke" errors={errors}>The patient may revoke this authorization in writing, and how to do it</Statement>
        <Statement name="ackNoConditioning" errors={errors}>Treatment, payment, enrollment or eligibility does not depend on signing</Statement>
        <Statement name="ackRedisclosure" errors={errors}>Information disclosed may be shared again by the recipient and no longer be protected</Statement>
      </fieldset>

      {message ? <Alert tone="error">{message}</Alert> : null}
      <Button type="submit" disabled={pending}>{pending ? "Uploading…" : "Upload consent"}</Button>
    </form>
  );
}
