"use client";

import { ActionForm } from "@/components/action-form";
import { Button, Field, Input, Select, roleLabel } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Bound = (prev: ActionState, formData: FormData) => Promise<ActionState>;
const KINDS = ["HOSPITAL", "CLINIC", "DENTAL", "SENIOR_LIVING", "BEHAVIORAL_HEALTH", "OTHER"];
const ROLES = ["ADMIN", "CONSULTANT", "COMPLIANCE_OFFICER", "STAFF"];

export function CreateOrgForm({ action }: { action: Bound }) {
  return (
    <ActionForm action={action} label="Create a client organization" className="grid gap-3 sm:grid-cols-2">
      {({ pending, fields }) => (
        <>
          <Field label="Name" name="org-name" error={fields?.name}>
            <Input id="org-name" name="name" required invalid={!!fields?.name} />
          </Field>
          <Field label="URL name" name="org-slug" error={fields?.slug} hint="Lowercase letters, digits and dashes.">
            <Input id="org-slug" name="slug" required invalid={!!fields?.slug} />
          </Field>
          <Field label="Kind" name="org-kind" error={fields?.kind}>
            <Select id="org-kind" name="kind" defaultValue="CLINIC">
              {KINDS.map((k) => (
                <option key={k} value={k}>{k.replaceAll("_", " ").toLowerCase()}</option>
              ))}
            </Select>
          </Field>
          <div className="space-y-1 sm:col-span-2">
            {/* Unticked sends only the hidden "false"; ticked sends "on" after it, and the last value wins. */}
            <input type="hidden" name="requireMfaForAdmins" value="false" />
            <label htmlFor="org-require-mfa" className="flex items-center gap-2 text-sm font-medium text-slate-700">
              <input id="org-require-mfa" name="requireMfaForAdmins" type="checkbox" defaultChecked className="size-4" />
              Require two-factor sign-in for admins and compliance officers
            </label>
          </div>
          <div className="flex items-end">
            <Button type="submit" disabled={pending}>Create organization</Button>
          </div>
        </>
      )}
    </ActionForm>
  );
}

export function AssignForm({ action, orgs, users }: { action: Bound; orgs: { id: string; name: string }[]; users: { id: string; name: string; email: string }[] }) {
  return (
    <ActionForm action={action} label="Assign a person to an organization" className="grid gap-3 sm:grid-cols-[1fr_1fr_12rem_auto] sm:items-end">
      {({ pending, fields }) => (
        <>
          <Field label="Person" name="assign-user" error={fields?.userId}>
            <Select id="assign-user" name="userId">
              {users.map((u) => (
                <option key={u.id} value={u.id}>{u.name} ({u.email})</option>
              ))}
            </Select>
          </Field>
          <Field label="Organization" name="assign-org" error={fields?.orgId}>
            <Select id="assign-org" name="orgId">
              {orgs.map((o) => (
                <option key={o.id} value={o.id}>{o.name}</option>
              ))}
            </Select>
          </Field>
          <Field label="Role" name="assign-role" error={fields?.role}>
            <Select id="assign-role" name="role" defaultValue="CONSULTANT">
              {ROLES.map((r) => (
                <option key={r} value={r}>{roleLabel(r)}</option>
              ))}
            </Select>
          </Field>
          <Button type="submit" disabled={pending}>Assign</Button>
        </>
      )}
    </ActionForm>
  );
}

/** One dead mail's retry button: the mail id is the only input. */
export function RetryMailForm({ action, mailId }: { action: Bound; mailId: string }) {
  return (
    <ActionForm action={action} label="Retry this mail" className="inline">
      {({ pending }) => (
        <>
          <input type="hidden" name="mailId" value={mailId} />
          <Button type="submit" disabled={pending}>Retry</Button>
        </>
      )}
    </ActionForm>
  );
}
