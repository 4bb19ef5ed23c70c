"use client";

import { useActionState } from "react";
import { Alert, Button } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Verification = ({ ok: true; events: number; legacyEvents?: number } | { ok: false; brokenAt: { seq: number; reason: string } }) & { verifiedAt: string };

const when = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

export function VerifyChainButton({ action }: { action: (prev: ActionState, formData: FormData) => Promise<ActionState> }) {
  const [state, formAction, pending] = useActionState(action, null);
  const result = state?.ok ? (state.data as Verification) : null;
  return (
    <form method="POST" action={formAction} className="space-y-2">
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Verifying…" : "Verify chain"}
      </Button>
      <div aria-live="polite">
        {result?.ok ? (
          <Alert tone="success">
            Chain intact: all {result.events} events verified ({when(result.verifiedAt)}).
            {result.legacyEvents ? ` The first ${result.legacyEvents} predate the keyed chain (legacy, unkeyed): they show accidental changes, not a deliberate rewrite.` : ""}
          </Alert>
        ) : null}
        {result && !result.ok ? (
          <Alert tone="error">
            Chain broken at event #{result.brokenAt.seq}: {result.brokenAt.reason} (checked {when(result.verifiedAt)}).
          </Alert>
        ) : null}
        {state && !state.ok ? <Alert tone="error">{state.error.message}</Alert> : null}
      </div>
    </form>
  );
}
