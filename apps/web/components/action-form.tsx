"use client";

import { useActionState, type ReactNode } from "react";
import type { ActionState } from "@/lib/actions";
import { Alert } from "./ui";

type BoundAction = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * A form bound to a server action, showing its success message or error. Field errors are passed
 * to the children so each input can show its own message.
 */
export function ActionForm({
  action,
  children,
  className,
  confirm,
  label,
}: {
  action: BoundAction;
  children: (state: { pending: boolean; fields?: Record<string, string[]> }) => ReactNode;
  className?: string;
  confirm?: string;
  label?: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const fields = state && !state.ok ? state.error.fields : undefined;
  return (
    <form
      action={formAction}
      aria-label={label}
      className={className}
      noValidate
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      {children({ pending, fields })}
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
  );
}
