"use client";

import { ActionForm } from "@/components/action-form";
import { Button, Field, Input } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Bound = (p: ActionState, f: FormData) => Promise<ActionState>;

export function SubmitForm({ versionId, submit }: { versionId: string; submit: Bound }) {
  return (
    <ActionForm action={submit} label="Submit for review" confirm="Submit this version for review? It cannot be edited while in review.">
      {({ pending }) => (
        <>
          <input type="hidden" name="versionId" value={versionId} />
          <Button type="submit" disabled={pending}>Submit for review</Button>
        </>
      )}
    </ActionForm>
  );
}

/** Approval by a compliance officer; the effective time is the org's wall-clock time (empty: now). */
export function ApproveForm({ versionId, approve }: { versionId: string; approve: Bound }) {
  return (
    <ActionForm action={approve} label="Approve" confirm="Approve this version? An approved version never changes." className="max-w-sm">
      {({ pending, fields }) => (
        <div className="space-y-2">
          <input type="hidden" name="versionId" value={versionId} />
          <Field label="Effective from" name="effectiveAt" error={fields?.effectiveAt} hint="Leave empty to make it effective now (organization's time zone).">
            <Input id="effectiveAt" name="effectiveAt" type="datetime-local" invalid={!!fields?.effectiveAt} />
          </Field>
          <Button type="submit" disabled={pending}>Approve version</Button>
        </div>
      )}
    </ActionForm>
  );
}

export function ReturnForm({ versionId, send }: { versionId: string; send: Bound }) {
  return (
    <ActionForm action={send} label="Return to draft" className="max-w-md">
      {({ pending, fields }) => (
        <div className="space-y-2">
          <input type="hidden" name="versionId" value={versionId} />
          <Field label="Why it goes back to draft" name="reason" error={fields?.reason}>
            <textarea id="reason" name="reason" rows={2} maxLength={1000} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
          </Field>
          <Button type="submit" variant="secondary" disabled={pending}>Return to draft</Button>
        </div>
      )}
    </ActionForm>
  );
}

/** Abandons a draft: kept as "discarded", never edited again. */
export function DiscardForm({ versionId, discard }: { versionId: string; discard: Bound }) {
  return (
    <ActionForm action={discard} label="Discard draft" confirm="Discard this draft? It is kept as discarded and can no longer be edited or approved.">
      {({ pending }) => (
        <>
          <input type="hidden" name="versionId" value={versionId} />
          <Button type="submit" variant="danger" disabled={pending}>Discard draft</Button>
        </>
      )}
    </ActionForm>
  );
}

export function StartDraftForm({ start }: { start: Bound }) {
  return (
    <ActionForm action={start} label="Start a new draft">
      {({ pending }) => <Button type="submit" disabled={pending}>Start a new draft</Button>}
    </ActionForm>
  );
}
