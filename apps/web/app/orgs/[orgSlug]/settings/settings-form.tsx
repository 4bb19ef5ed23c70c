"use client";

import { ActionForm } from "@/components/action-form";
import { Button, Field, Input } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

export function SettingsForm({ action, name, idleTimeoutMinutes }: { action: (p: ActionState, f: FormData) => Promise<ActionState>; name: string; idleTimeoutMinutes: number }) {
  return (
    <ActionForm action={action} label="Organization settings" className="max-w-md space-y-4">
      {({ pending, fields }) => (
        <>
          <Field label="Organization name" name="name" error={fields?.name}>
            <Input id="name" name="name" defaultValue={name} invalid={!!fields?.name} />
          </Field>
          <Field label="Automatic logoff after (minutes idle)" name="idleTimeoutMinutes" error={fields?.idleTimeoutMinutes} hint="1 to 60 minutes. Applies to every member's next sign-in.">
            <Input id="idleTimeoutMinutes" name="idleTimeoutMinutes" type="number" min={1} max={60} defaultValue={idleTimeoutMinutes} invalid={!!fields?.idleTimeoutMinutes} />
          </Field>
          <Button type="submit" disabled={pending}>
            Save settings
          </Button>
        </>
      )}
    </ActionForm>
  );
}
