"use client";

import { ActionForm } from "@/components/action-form";
import { Button, Field, Input, Select } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Bound = (p: ActionState, f: FormData) => Promise<ActionState>;

export interface ManualSettingsValues {
  ownerId: string;
  reviewDueAt: string;
  ackCadenceDays: number;
  ackDueDays: number;
  ackDepartments: string[];
  ackJobRoles: string[];
  quizPassPercent: number;
}

/** Ticked boxes of roster values; the hidden empty field makes "none ticked" (everyone) arrive too. */
function ScopeBoxes({ name, legend, options, chosen, error }: { name: string; legend: string; options: string[]; chosen: string[]; error?: string[] }) {
  return (
    <fieldset aria-describedby={error ? `${name}-error` : undefined}>
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      <input type="hidden" name={name} value="" />
      {options.length === 0 ? <p className="text-xs text-slate-500">None on the roster yet (import a roster CSV with this column).</p> : null}
      <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {options.map((o) => (
          <label key={o} className="flex items-center gap-2">
            <input type="checkbox" name={name} value={o} defaultChecked={chosen.includes(o)} className="size-4" /> {o}
          </label>
        ))}
      </div>
      {error ? <p id={`${name}-error`} className="mt-1 text-xs text-red-700">{error.join(" ")}</p> : null}
    </fieldset>
  );
}

/** Owner, next review, re-acknowledgement cadence, due period, who must acknowledge, and quiz pass mark. */
export function ManualSettingsForm({ action, members, values, scopeOptions }: {
  action: Bound;
  members: { id: string; name: string }[];
  values: ManualSettingsValues;
  scopeOptions: { departments: string[]; jobRoles: string[] };
}) {
  // A bad value is named "<field>.<index>": shown under its group.
  const fieldError = (fields: Record<string, string[] | undefined> | undefined, name: string) => {
    const messages = Object.entries(fields ?? {}).filter(([k]) => k === name || k.startsWith(`${name}.`)).flatMap(([, v]) => v ?? []);
    return messages.length ? messages : undefined;
  };
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
          <Field label="Acknowledge again every (days)" name="ackCadenceDays" error={fields?.ackCadenceDays} hint="30 to 1095; 365 is yearly. Counted from each person's last signature.">
            <Input id="ackCadenceDays" name="ackCadenceDays" type="number" min={30} max={1095} defaultValue={values.ackCadenceDays} invalid={!!fields?.ackCadenceDays} />
          </Field>
          <Field label="Days to sign once asked" name="ackDueDays" error={fields?.ackDueDays} hint="1 to 90; applies to acknowledgements assigned from now on.">
            <Input id="ackDueDays" name="ackDueDays" type="number" min={1} max={90} defaultValue={values.ackDueDays} invalid={!!fields?.ackDueDays} />
          </Field>
          <Field label="Quiz pass mark (%)" name="quizPassPercent" error={fields?.quizPassPercent}>
            <Input id="quizPassPercent" name="quizPassPercent" type="number" min={0} max={100} defaultValue={values.quizPassPercent} invalid={!!fields?.quizPassPercent} />
          </Field>
          <div className="space-y-3 sm:col-span-2">
            <p className="text-sm font-medium text-slate-700">Who must acknowledge</p>
            <p className="text-xs text-slate-500">
              Nothing ticked: everyone active on the roster. Otherwise everyone in a ticked department or with a ticked role (people without one,
              such as members not on the roster CSV, are then left out). People added to the scope are asked at once.
            </p>
            <ScopeBoxes name="ackDepartments" legend="Departments" options={scopeOptions.departments} chosen={values.ackDepartments} error={fieldError(fields, "ackDepartments")} />
            <ScopeBoxes name="ackJobRoles" legend="Roles" options={scopeOptions.jobRoles} chosen={values.ackJobRoles} error={fieldError(fields, "ackJobRoles")} />
          </div>
          <div className="sm:col-span-2">
            <p className="mb-2 text-xs text-slate-500">The owner, review date, cadence and pass mark appear in the manual: a change to them updates the open draft, or proposes a new version.</p>
            <Button type="submit" disabled={pending}>Save manual settings</Button>
          </div>
        </div>
      )}
    </ActionForm>
  );
}
