"use client";

import { ActionForm } from "@/components/action-form";
import { Button, Field, Input, Select } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Bound = (p: ActionState, f: FormData) => Promise<ActionState>;

/** Owner, next review, re-acknowledgement cadence and quiz pass mark (they appear in the generated sections). */
export function ManualSettingsForm({ action, members, values }: {
  action: Bound;
  members: { id: string; name: string }[];
  values: { ownerId: string; reviewDueAt: string; ackCadenceDays: number; quizPassPercent: number };
}) {
  return (
    <ActionForm action={action} label="Manual settings">
      {({ pending, fields }) => (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Owner" name="ownerId" error={fields?.ownerId}>
            <Select id="ownerId" name="ownerId" defaultValue={values.ownerId}>
              <option value="">Not named</option>
              {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
            </Select>
          </Field>
          <Field label="Next review by" name="reviewDueAt" error={fields?.reviewDueAt}>
            <Input id="reviewDueAt" name="reviewDueAt" type="date" defaultValue={values.reviewDueAt} invalid={!!fields?.reviewDueAt} />
          </Field>
          <Field label="Acknowledge again every (days)" name="ackCadenceDays" error={fields?.ackCadenceDays} hint="30 to 1095; 365 is yearly.">
            <Input id="ackCadenceDays" name="ackCadenceDays" type="number" min={30} max={1095} defaultValue={values.ackCadenceDays} invalid={!!fields?.ackCadenceDays} />
          </Field>
          <Field label="Quiz pass mark (%)" name="quizPassPercent" error={fields?.quizPassPercent}>
            <Input id="quizPassPercent" name="quizPassPercent" type="number" min={0} max={100} defaultValue={values.quizPassPercent} invalid={!!fields?.quizPassPercent} />
          </Field>
          <div className="sm:col-span-2">
            <p className="mb-2 text-xs text-slate-500">These appear in the manual: a change updates the open draft, or proposes a new version.</p>
            <Button type="submit" disabled={pending}>Save manual settings</Button>
          </div>
        </div>
      )}
    </ActionForm>
  );
}
