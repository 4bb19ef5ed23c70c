"use client";

import { ActionForm } from "@/components/action-form";
import { Button, Field, Input } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Bound = (p: ActionState, f: FormData) => Promise<ActionState>;
type Approver = { id: string; name: string; email: string; active: boolean };

/**
 * The client's own approvers (issue 16): people at the client organization, without a Vetted
 * account, who approve posts at a "client approver" step of the approval policy through an emailed
 * single-use link and a code. Kept once added; deactivating one stops their open links at once.
 */
export function ClientApproversSection({ approvers, create, setActive }: { approvers: Approver[]; create: Bound; setActive: Bound }) {
  return (
    <div className="space-y-4">
      {approvers.length === 0 ? (
        <p className="text-sm text-slate-600">No client approvers yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="client-approvers">
          {approvers.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className={a.active ? "" : "text-slate-500 line-through"}>
                <span className="font-medium">{a.name}</span> · {a.email}
              </span>
              <ActionForm action={setActive} label={`${a.active ? "Deactivate" : "Reactivate"} ${a.name}`}>
                {({ pending }) => (
                  <>
                    <input type="hidden" name="approverId" value={a.id} />
                    <input type="hidden" name="active" value={a.active ? "false" : "true"} />
                    <Button type="submit" variant="ghost" disabled={pending}>{a.active ? "Deactivate" : "Reactivate"}</Button>
                  </>
                )}
              </ActionForm>
            </li>
          ))}
        </ul>
      )}
      <ActionForm action={create} label="Add a client approver" className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end" resetOnSuccess>
        {({ pending, fields }) => (
          <>
            <Field label="Name" name="client-approver-name" error={fields?.name}>
              <Input id="client-approver-name" name="name" maxLength={200} autoComplete="off" invalid={!!fields?.name} aria-describedby={fields?.name ? "client-approver-name-error" : undefined} />
            </Field>
            <Field label="Email" name="client-approver-email" error={fields?.email}>
              <Input id="client-approver-email" name="email" type="email" maxLength={254} autoComplete="off" invalid={!!fields?.email} aria-describedby={fields?.email ? "client-approver-email-error" : undefined} />
            </Field>
            <Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add client approver"}</Button>
          </>
        )}
      </ActionForm>
    </div>
  );
}
