"use client";

import { startTransition, useActionState, useState, type FormEvent } from "react";
import { Alert, Button, Field, Input } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Option = { value: string; label: string };
type Created = { signingUrl: string; emailed: boolean; delivery: string | null; request: { email: string | null } };
type Defaults = { discloser: string; recipients: string; expiresAt: string; channels: string[]; purposes: string[] };

const box = (invalid: boolean) => `block w-full rounded-md border px-3 py-2 text-sm shadow-sm ${invalid ? "border-red-500" : "border-slate-300"}`;

/** "channels.0" → "channels": errors show beside the input the list came from. */
function byField(fields: Record<string, string[]> | undefined) {
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(fields ?? {})) (out[key.split(".")[0]!] ??= []).push(...messages);
  return out;
}

function Choices({ legend, name, options, checked, error }: { legend: string; name: string; options: Option[]; checked: string[]; error?: string[] }) {
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      <div className="flex flex-wrap gap-x-5 gap-y-1">
        {options.map((o) => (
          <label key={o.value} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name={name} value={o.value} defaultChecked={checked.includes(o.value)} className="h-4 w-4" />
            {o.label}
          </label>
        ))}
      </div>
      {error?.length ? <p className="text-sm text-red-700">{error.join(" ")}</p> : null}
    </fieldset>
  );
}

function CreatedLink({ created }: { created: Created }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-3">
      <Alert tone="success">
        Signing request created.{" "}
        {created.emailed ? `We emailed the link to ${created.request.email}${created.delivery === "failed" ? " (delivery failed: copy the link instead)" : ""}.` : "Copy the link and send it to the patient, for example by text message."}
      </Alert>
      <label htmlFor="signing-url" className="block text-sm font-medium text-slate-700">Signing link (shown only now)</label>
      <div className="flex flex-wrap gap-2">
        <input id="signing-url" data-testid="signing-url" readOnly value={created.signingUrl} className={`${box(false)} min-w-0 flex-1 font-mono`} onFocus={(e) => e.currentTarget.select()} />
        <Button type="button" variant="secondary" onClick={() => navigator.clipboard.writeText(created.signingUrl).then(() => setCopied(true))}>
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="text-xs text-slate-500">Anyone with this link can open the form, so send it only to the patient. It is not stored and cannot be shown again.</p>
    </div>
  );
}

export function NewRequestForm({ action, defaults, channels, purposes }: { action: (p: ActionState<Created>, f: FormData) => Promise<ActionState<Created>>; defaults: Defaults; channels: Option[]; purposes: Option[] }) {
  const [state, dispatch, pending] = useActionState(action, null);
  if (state?.ok && state.data) return <CreatedLink created={state.data} />;
  const errors = byField(state && !state.ok ? state.error.fields : undefined);
  // With JavaScript, dispatched by hand: React would clear the form after every attempt. Without
  // it, the form posts to the same server action (never a GET, which would put PHI in the URL).
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    startTransition(() => dispatch(data));
  };
  return (
    <form method="POST" action={dispatch} onSubmit={submit} className="max-w-2xl space-y-4" noValidate aria-label="New signing request">
      {state && !state.ok ? <Alert tone="error">{state.error.message}</Alert> : null}
      <Field label="Patient's full name" name="subjectName" error={errors.subjectName}>
        <Input id="subjectName" name="subjectName" autoComplete="off" invalid={!!errors.subjectName} />
      </Field>
      <Field label="Patient's email (optional)" name="email" error={errors.email} hint="We email only the link and your organization's name, nothing about the patient or their care. Leave empty to copy the link yourself.">
        <Input id="email" name="email" type="email" autoComplete="off" invalid={!!errors.email} />
      </Field>
      <Field label="What will be used and shared" name="informationDescription" error={errors.informationDescription} hint="Be specific: which photos, video or story, and when they were taken.">
        <textarea id="informationDescription" name="informationDescription" rows={3} className={box(!!errors.informationDescription)} />
      </Field>
      <Field label="Who shares it" name="discloser" error={errors.discloser}>
        <Input id="discloser" name="discloser" defaultValue={defaults.discloser} invalid={!!errors.discloser} />
      </Field>
      <Field label="Who else receives it (one per line)" name="recipients" error={errors.recipients} hint="The public on each channel you tick below is added to the form for you.">
        <textarea id="recipients" name="recipients" rows={3} defaultValue={defaults.recipients} className={box(!!errors.recipients)} />
      </Field>
      <Choices legend="Where it may appear" name="channels" options={channels} checked={defaults.channels} error={errors.channels} />
      <Choices legend="Why it will be used" name="purposes" options={purposes} checked={defaults.purposes} error={errors.purposes} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Authorization ends on" name="expiresAt" error={errors.expiresAt}>
          <Input id="expiresAt" name="expiresAt" type="date" defaultValue={defaults.expiresAt} invalid={!!errors.expiresAt} />
        </Field>
        <Field label="…or when this happens (optional)" name="expirationEvent" error={errors.expirationEvent}>
          <Input id="expirationEvent" name="expirationEvent" placeholder="e.g. the end of the spring campaign" invalid={!!errors.expirationEvent} />
        </Field>
      </div>
      <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create signing link"}</Button>
    </form>
  );
}
