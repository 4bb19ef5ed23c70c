"use client";

import { ActionForm } from "@/components/action-form";
import { Button, Field, Input, Select, roleLabel } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Bound = (prev: ActionState, formData: FormData) => Promise<ActionState>;
const ROLES = ["ADMIN", "CONSULTANT", "COMPLIANCE_OFFICER", "STAFF"] as const;

export function InviteForm({ action }: { action: Bound }) {
  return (
    <ActionForm action={action} label="Invite a member" resetOnSuccess className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end">
      {({ pending, fields }) => (
        <>
          <Field label="Email" name="invite-email" error={fields?.email}>
            <Input id="invite-email" name="email" type="email" required invalid={!!fields?.email} placeholder="name@example.org" />
          </Field>
          <Field label="Role" name="invite-role" error={fields?.role}>
            <Select id="invite-role" name="role" defaultValue="STAFF">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r)}
                </option>
              ))}
            </Select>
          </Field>
          <Button type="submit" disabled={pending}>
            {pending ? "Sending…" : "Send invitation"}
          </Button>
        </>
      )}
    </ActionForm>
  );
}

export function RoleForm({ action, memberId, role, who }: { action: Bound; memberId: string; role: string; who: string }) {
  return (
    <ActionForm action={action} label={`Change role of ${who}`} className="flex items-center gap-2">
      {({ pending }) => (
        <>
          <input type="hidden" name="memberId" value={memberId} />
          <label className="sr-only" htmlFor={`role-${memberId}`}>
            Role of {who}
          </label>
          <Select id={`role-${memberId}`} name="role" defaultValue={role} className="w-48">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </Select>
          <Button type="submit" variant="secondary" disabled={pending}>
            Save
          </Button>
        </>
      )}
    </ActionForm>
  );
}

export function RemoveForm({ action, memberId, who }: { action: Bound; memberId: string; who: string }) {
  return (
    <ActionForm action={action} label={`Remove ${who}`} confirm={`Remove ${who} from this organization?`}>
      {({ pending }) => (
        <>
          <input type="hidden" name="memberId" value={memberId} />
          <Button type="submit" variant="ghost" className="text-red-700" disabled={pending}>
            Remove
          </Button>
        </>
      )}
    </ActionForm>
  );
}

export function RevokeForm({ action, invitationId }: { action: Bound; invitationId: string }) {
  return (
    <ActionForm action={action} label="Revoke invitation">
      {({ pending }) => (
        <>
          <input type="hidden" name="invitationId" value={invitationId} />
          <Button type="submit" variant="ghost" className="text-red-700" disabled={pending}>
            Revoke
          </Button>
        </>
      )}
    </ActionForm>
  );
}
