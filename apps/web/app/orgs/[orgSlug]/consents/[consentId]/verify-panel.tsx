"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { Alert, Button } from "@/components/ui";

type Bound = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * Who verified the consent, or (for a compliance officer) the button to do it. Rendered in the same
 * place before and after, so the success message survives the page refresh the action triggers.
 */
export function VerifyPanel(props: { consentId: string; verified: { by: string; at: string } | null; canVerify: boolean; ownUpload: boolean; active: boolean; action: Bound }) {
  const [state, formAction, pending] = useActionState(props.action, null);
  return (
    <div className="space-y-3 text-sm">
      {props.verified ? (
        <p data-testid="verified-by"><span className="font-medium text-emerald-800">Verified</span> by {props.verified.by} on {props.verified.at}.</p>
      ) : (
        <p className="text-amber-900">Not verified yet: a post that relies on this consent cannot be approved until a compliance officer verifies it.</p>
      )}
      {!props.verified && props.canVerify && props.active ? (
        <>
          <p className="text-slate-600">
            Verifying confirms that every field on this page matches the signed file. Open the signed file first (the preview or the
            download counts); you cannot verify a consent you uploaded yourself.
          </p>
          {props.ownUpload ? (
            <Alert tone="warning">You uploaded this consent: another compliance officer must verify it.</Alert>
          ) : (
            <form action={formAction} aria-label="Verify consent">
              <input type="hidden" name="consentId" value={props.consentId} />
              <Button type="submit" disabled={pending}>{pending ? "Verifying…" : "Verify against the file"}</Button>
            </form>
          )}
        </>
      ) : null}
      {state && !state.ok ? <Alert tone="error">{state.error.message}</Alert> : null}
      {state?.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
    </div>
  );
}
