"use client";

import { startTransition, useActionState, useEffect, useRef, type ReactNode } from "react";
import type { ActionState } from "@/lib/actions";
import { ReauthPrompt } from "./reauth-prompt";
import { Alert } from "./ui";

type BoundAction = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * A form bound to a server action, showing its success message or error. Field errors are passed
 * to the children so each input can show its own message.
 *
 * With JavaScript the submit is sent from onSubmit inside a transition instead of through the
 * form's action: React resets a form after its action runs, which blanked fields after an error
 * and put controlled checkboxes out of step with their state (so a second save sent stale values).
 * Without JavaScript the same action still works as a plain POST. ("POST" in capitals: React's server
 * render writes it so for a function action, and a lowercase prop would not hydrate cleanly.)
 */
export function ActionForm({
  action,
  children,
  className,
  confirm,
  label,
  resetOnSuccess = false,
}: {
  action: BoundAction;
  children: (state: { pending: boolean; fields?: Record<string, string[]>; state: ActionState }) => ReactNode;
  className?: string;
  confirm?: string;
  label?: string;
  /** Clear the inputs after a successful submit (e.g. an invitation form ready for the next one). */
  resetOnSuccess?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const form = useRef<HTMLFormElement>(null);
  const fields = state && !state.ok ? state.error.fields : undefined;
  useEffect(() => {
    if (state?.ok && resetOnSuccess) form.current?.reset();
  }, [state, resetOnSuccess]);
  return (
    <>
    <form
      ref={form}
      method="POST"
      action={formAction}
      aria-label={label}
      aria-busy={pending || undefined}
      className={className}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (pending) return;
        if (confirm && !window.confirm(confirm)) return;
        const data = new FormData(e.currentTarget, (e.nativeEvent as SubmitEvent).submitter);
        startTransition(() => formAction(data));
      }}
    >
      {children({ pending, fields, state })}
      {state && !state.ok ? (
        <div className="mt-2">
          <Alert tone="error">{state.error.message}</Alert>
        </div>
      ) : null}
      {state?.ok && state.message ? (
        <div className="mt-2">
          <Alert tone="success">{state.message}</Alert>
        </div>
      ) : null}
    </form>
    {/* A sensitive action (issue 15) asked for the password again: its own form, beside this one. */}
    {state && !state.ok && state.error.code === "REAUTH_REQUIRED" ? <ReauthPrompt /> : null}
    </>
  );
}
