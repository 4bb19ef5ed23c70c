"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert, Button, Field, Input } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

export function ResetPasswordForm({ action }: { action: (p: ActionState, f: FormData) => Promise<ActionState> }) {
  const [state, formAction, pending] = useActionState(action, null);
  const fields = state && !state.ok ? state.error.fields : undefined;
  if (state?.ok) {
    return (
      <div className="space-y-3">
        <Alert tone="success">{state.message}</Alert>
        <Link href="/signin" className="inline-block rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white">Go to sign in</Link>
      </div>
    );
  }
  return (
    <form action={formAction} className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" noValidate>
      {state && !state.ok && !fields ? <Alert tone="error">{state.error.message}</Alert> : null}
      <Field label="New password" name="password" error={fields?.password} hint="At least 12 characters, and not a commonly used password.">
        <Input id="password" name="password" type="password" autoComplete="new-password" required invalid={!!fields?.password} />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
