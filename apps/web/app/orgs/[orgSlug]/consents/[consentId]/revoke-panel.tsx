"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { Alert, Button, Field, Input, Select } from "@/components/ui";

type Bound = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * Records a patient's written revocation. Stays mounted after the revocation (showing what it
 * stopped), so the action's message with the counts is not lost when the page refreshes.
 */
export function RevokePanel(props: {
  consentId: string;
  revoked: { at: string; method: string; by: string | null; sentBack: number; removalTasks: number } | null;
  methods: { value: string; label: string }[];
  today: string;
  action: Bound;
}) {
  const [state, formAction, pending] = useActionState(props.action, null);
  const fields = state && !state.ok ? state.error.fields : undefined;
  const { revoked } = props;
  return (
    <div className="space-y-3 text-sm">
      {state?.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      {revoked ? (
        <p data-testid="revoked-summary">
          Revoked as of {revoked.at} ({revoked.method}){revoked.by ? `, recorded by ${revoked.by}` : ""}. {revoked.sentBack} post{revoked.sentBack === 1 ? " was" : "s were"} sent
          back for changes and {revoked.removalTasks} removal task{revoked.removalTasks === 1 ? " was" : "s were"} created.
        </p>
      ) : (
        <form
          action={formAction}
          aria-label="Revoke consent"
          noValidate
          className="space-y-3"
          onSubmit={(e) => {
            if (!window.confirm("Record the revocation? Posts that rely on this consent are sent back or get a removal task.")) e.preventDefault();
          }}
        >
          <p className="text-slate-600">When the patient revokes in writing: posts on their way are sent back for changes, published ones get a removal task.</p>
          <input type="hidden" name="consentId" value={props.consentId} />
          <Field label="Date the written revocation was received" name="receivedAt" error={fields?.receivedAt}>
            <Input id="receivedAt" name="receivedAt" type="date" defaultValue={props.today} max={props.today} invalid={!!fields?.receivedAt} />
          </Field>
          <Field label="How it was received" name="method" error={fields?.method}>
            <Select id="method" name="method" defaultValue="">
              <option value="" disabled>Choose…</option>
              {props.methods.map((m) => <option key={m.value} value={m.value}>{m.label}</option>)}
            </Select>
          </Field>
          <Button type="submit" variant="danger" disabled={pending}>{pending ? "Recording…" : "Record revocation"}</Button>
          {state && !state.ok ? <Alert tone="error">{state.error.message}</Alert> : null}
        </form>
      )}
    </div>
  );
}
