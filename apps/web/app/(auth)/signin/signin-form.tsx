"use client";

import { startTransition, useActionState } from "react";
import { Alert, Button, Field, Input } from "@/components/ui";
import { signInAction } from "./actions";

export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState(signInAction, null);
  const fields = state && !state.ok ? state.error.fields : undefined;
  const email = state && !state.ok ? state.values?.email : undefined;
  // Second step for an account with MFA: the password stays typed in (no form reset, see below).
  const askCode = state && !state.ok ? state.values?.step === "code" : false;
  return (
    // With JavaScript the submit runs in a transition from onSubmit: React resets a form after its
    // action, which could blank a password being typed for the next attempt. Without it, a plain POST.
    <form
      method="POST"
      action={action}
      onSubmit={(e) => {
        e.preventDefault();
        if (pending) return;
        const data = new FormData(e.currentTarget);
        startTransition(() => action(data));
      }}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      noValidate
    >
      <input type="hidden" name="next" value={next} />
      {state && !state.ok && !fields ? <Alert tone="error">{state.error.message}</Alert> : null}
      <Field label="Email" name="email" error={fields?.email}>
        <Input id="email" name="email" type="email" autoComplete="username" required invalid={!!fields?.email} defaultValue={email} />
      </Field>
      <Field label="Password" name="password" error={fields?.password}>
        <Input id="password" name="password" type="password" autoComplete="current-password" required invalid={!!fields?.password} />
      </Field>
      {askCode ? (
        <Field label="Authenticator or recovery code" name="code" error={fields?.code} hint="The 6-digit code from your app, or a recovery code such as abcde-12345.">
          <Input id="code" name="code" inputMode="text" autoComplete="one-time-code" autoFocus required invalid={!!fields?.code} />
        </Field>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
