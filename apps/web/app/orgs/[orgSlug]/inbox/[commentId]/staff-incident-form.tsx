"use client";

import { ActionForm } from "@/components/action-form";
import { Button, Field, Input, Select } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Bound = (p: ActionState, f: FormData) => Promise<ActionState>;

/**
 * "Posted by our staff": who wrote the comment (a member, or the name of a workforce member without
 * an account) and one button that opens the breach incident.
 */
export function StaffIncidentForm({ commentId, members, open }: { commentId: string; members: { id: string; name: string }[]; open: Bound }) {
  return (
    <ActionForm action={open} label="Posted by our staff" confirm="Open a breach incident for this comment? The 60-day notification clock starts now.">
      {({ pending, fields }) => (
        <div className="space-y-3">
          <p className="text-sm text-slate-600">
            If a staff member wrote this comment, health information in it may be a breach: open an incident to run the risk assessment (45 CFR 164.402(2)).
          </p>
          <input type="hidden" name="commentId" value={commentId} />
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Staff member" name="incident-employee" error={fields?.employeeId} hint="A member of the organization">
              <Select id="incident-employee" name="employeeId" defaultValue="">
                <option value="">Not a member / not known</option>
                {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
              </Select>
            </Field>
            <Field label="Or their name" name="incident-employee-name" error={fields?.employeeName} hint="A workforce member without an account here; stored encrypted">
              <Input id="incident-employee-name" name="employeeName" maxLength={200} invalid={!!fields?.employeeName} />
            </Field>
          </div>
          <Button type="submit" variant="danger" disabled={pending} data-testid="open-comment-incident">Posted by our staff: open breach incident</Button>
        </div>
      )}
    </ActionForm>
  );
}
