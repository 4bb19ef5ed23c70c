"use client";

import { useActionState } from "react";
import { Alert, Button } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Checkpoint = { status: "none" } | { status: string; seq: number; signedAt: string; firstMissingSeq?: number };
type Verification = ({ ok: true; events: number; legacyEvents?: number } | { ok: false; brokenAt: { seq: number; reason: string } }) & {
  verifiedAt: string;
  checkpoint?: Checkpoint | null;
  purgedThroughSeq?: number;
};

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
            {result.checkpoint && result.checkpoint.status === "ok" && "seq" in result.checkpoint ? ` Matches the signed checkpoint at event #${result.checkpoint.seq} (${when(result.checkpoint.signedAt)}).` : ""}
            {result.checkpoint?.status === "none" ? " No signed checkpoint yet: a deleted tail would not show." : ""}
            {result.purgedThroughSeq ? ` Events up to #${result.purgedThroughSeq} were purged after the six-year retention; the chain is verified from the next one.` : ""}
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
