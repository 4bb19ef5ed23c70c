"use client";

import { useActionState } from "react";
import { Alert, Button } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

export function CheckpointButton({ action }: { action: (prev: ActionState, formData: FormData) => Promise<ActionState> }) {
  const [state, formAction, pending] = useActionState(action, null);
  const result = state?.ok ? (state.data as { seq: number }) : null;
  return (
    <form method="POST" action={formAction} className="space-y-2">
      <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Signing…" : "Write checkpoint now"}</Button>
      <div aria-live="polite">
        {result ? <Alert tone="success">Checkpoint signed at event #{result.seq}.</Alert> : null}
        {state && !state.ok ? <Alert tone="error">{state.error.message}</Alert> : null}
      </div>
    </form>
  );
}
