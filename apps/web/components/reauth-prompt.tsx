"use client";

import { useState, type FormEvent } from "react";
import { Alert, Button, Field, Input } from "./ui";

type Outcome = { ok: true } | { ok: false; message: string; fields?: Record<string, string[]> } | null;

/**
 * Shown under a form whose action answered REAUTH_REQUIRED (issue 15): the password or an
 * authenticator code, sent to POST /api/account/reauth (a route, not a server action, so client
 * components that render ActionForm pull in no server module), then the person submits the action
 * again within 5 minutes.
 */
export function ReauthPrompt() {
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [pending, setPending] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    const data = new FormData(e.currentTarget);
    const body = { password: String(data.get("password") ?? "") || undefined, code: String(data.get("code") ?? "") || undefined };
    setPending(true);
    try {
      const response = await fetch("/api/account/reauth", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (response.ok) return setOutcome({ ok: true });
      const { error } = (await response.json()) as { error: { message: string; fields?: Record<string, string[]> } };
      setOutcome({ ok: false, message: error.message, fields: error.fields });
    } catch {
      setOutcome({ ok: false, message: "Could not reach the server; try again" });
    } finally {
      setPending(false);
    }
  }
  const fields = outcome && !outcome.ok ? outcome.fields : undefined;
  if (outcome?.ok) return <Alert tone="success">Confirmed for the next 5 minutes: submit again.</Alert>;
  return (
    <form aria-label="Confirm it is you" className="mt-2 space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3" noValidate onSubmit={submit}>
      <p className="text-sm">Confirm it is you: your password, or a code from your authenticator app.</p>
      <div className="flex flex-wrap items-end gap-2">
        <Field label="Password" name="reauth-password" error={fields?.password}>
          <Input id="reauth-password" name="password" type="password" autoComplete="current-password" invalid={!!fields?.password} />
        </Field>
        <Field label="or code" name="reauth-code" error={fields?.code}>
          <Input id="reauth-code" name="code" autoComplete="one-time-code" invalid={!!fields?.code} />
        </Field>
        <Button type="submit" disabled={pending}>Confirm</Button>
      </div>
      {outcome && !outcome.ok && !fields ? <Alert tone="error">{outcome.message}</Alert> : null}
    </form>
  );
}
