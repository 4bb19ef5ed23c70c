"use client";

import { startTransition, useActionState } from "react";
import { reauthAction } from "@/app/account/security/actions";
import { Alert, Button, Field, Input } from "./ui";

/**
 * Shown under a form whose action answered REAUTH_REQUIRED (issue 15): the password or an
 * authenticator code, then the person submits the action again within 5 minutes.
 */
export function ReauthPrompt() {
  const [state, action, pending] = useActionState(reauthAction, null);
  const fields = state && !state.ok ? state.error.fields : undefined;
  return (
    <form
      method="POST"
      action={action}
      aria-label="Confirm it is you"
      className="mt-2 space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (pending) return;
        const data = new FormData(e.currentTarget);
        startTransition(() => action(data));
      }}
    >
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
      {state && !state.ok && !fields ? <Alert tone="error">{state.error.message}</Alert> : null}
      {state?.ok ? <Alert tone="success">{state.message}</Alert> : null}
    </form>
  );
}
