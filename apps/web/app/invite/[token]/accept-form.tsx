"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert, Button, Field, Input } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

export function AcceptForm({ action, existingUser, email }: { action: (p: ActionState<{ email: string }>, f: FormData) => Promise<ActionState<{ email: string }>>; existingUser: boolean; email: string }) {
  const [state, formAction, pending] = useActionState(action, null);
  const fields = state && !state.ok ? state.error.fields : undefined;
  if (state?.ok) {
    return (
      <div className="space-y-3">
        <Alert tone="success">{state.message}</Alert>
        <Link href="/signin" className="inline-block rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white">
          Go to sign in
        </Link>
      </div>
    );
  }
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state && !state.ok && !fields ? <Alert tone="error">{state.error.message}</Alert> : null}
      <p className="text-sm text-slate-600">Email: <strong>{email}</strong></p>
      {existingUser ? null : (
        <Field label="Your name" name="name" error={fields?.name}>
          <Input id="name" name="name" autoComplete="name" required invalid={!!fields?.name} />
        </Field>
      )}
      <Field label={existingUser ? "Your current password" : "Choose a password"} name="password" error={fields?.password} hint={existingUser ? undefined : "At least 12 characters, and not a commonly used password."}>
        <Input id="password" name="password" type="password" autoComplete={existingUser ? "current-password" : "new-password"} required invalid={!!fields?.password} />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Accepting…" : "Accept invitation"}
      </Button>
    </form>
  );
}
