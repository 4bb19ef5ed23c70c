"use client";

import { useState } from "react";
import { Alert, Button, Field, Input } from "@/components/ui";

type State = { kind: "idle" } | { kind: "sent" } | { kind: "error"; message: string; field?: string };

// The same confirmation whatever the address: the answer must not tell whether it has an account.
const SENT = "If that address belongs to a Vetted account, we sent it a link to choose a new password. The link works once, for 30 minutes.";

export function ForgotPasswordForm() {
  const [state, setState] = useState<State>({ kind: "idle" });
  const [pending, setPending] = useState(false);
  if (state.kind === "sent") return <Alert tone="success">{SENT}</Alert>;
  const fieldError = state.kind === "error" && state.field ? [state.message] : undefined;
  return (
    <form
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (pending) return;
        setPending(true);
        const email = String(new FormData(e.currentTarget).get("email") ?? "");
        try {
          const res = await fetch("/api/password-reset", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email }) });
          if (res.ok) return setState({ kind: "sent" });
          const body = (await res.json().catch(() => null)) as { error?: { message?: string; fields?: Record<string, string[]> } } | null;
          const field = body?.error?.fields?.email?.[0];
          setState({ kind: "error", message: field ?? body?.error?.message ?? "Something went wrong; try again", field: field ? "email" : undefined });
        } catch {
          setState({ kind: "error", message: "The request did not reach the server; try again" });
        } finally {
          setPending(false);
        }
      }}
    >
      {state.kind === "error" && !state.field ? <Alert tone="error">{state.message}</Alert> : null}
      <p className="text-sm text-slate-600">Enter the email address you sign in with. We will mail you a link to choose a new password.</p>
      <Field label="Email" name="email" error={fieldError}>
        <Input id="email" name="email" type="email" autoComplete="username" required invalid={!!fieldError} />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Sending…" : "Send reset link"}
      </Button>
    </form>
  );
}
