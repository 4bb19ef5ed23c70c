"use client";

import { ActionForm } from "@/components/action-form";
import { Button, Field, Input, Select } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

export type SettingsValues = {
  name: string;
  idleTimeoutMinutes: number;
  timeZone: string;
  privacyOfficer: string | null;
  privacyAddress: string | null;
  privacyEmail: string | null;
};

const ZONES: string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];

export function SettingsForm({ action, values }: { action: (p: ActionState, f: FormData) => Promise<ActionState>; values: SettingsValues }) {
  const zones = ZONES.includes(values.timeZone) ? ZONES : [values.timeZone, ...ZONES];
  return (
    <ActionForm action={action} label="Organization settings" className="max-w-xl space-y-4">
      {({ pending, fields }) => (
        <>
          <Field label="Organization name" name="name" error={fields?.name}>
            <Input id="name" name="name" required defaultValue={values.name} invalid={!!fields?.name} />
          </Field>
          <Field label="Automatic logoff after (minutes idle)" name="idleTimeoutMinutes" error={fields?.idleTimeoutMinutes} hint="1 to 60 minutes. Applies to every member's next sign-in.">
            <Input id="idleTimeoutMinutes" name="idleTimeoutMinutes" type="number" required min={1} max={60} defaultValue={values.idleTimeoutMinutes} invalid={!!fields?.idleTimeoutMinutes} />
          </Field>
          <Field label="Time zone" name="timeZone" error={fields?.timeZone} hint="Dates and times on this organization's pages are shown in this zone.">
            <Select id="timeZone" name="timeZone" defaultValue={values.timeZone}>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z.replaceAll("_", " ")}
                </option>
              ))}
            </Select>
          </Field>
          <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
            <legend className="px-1 text-sm font-semibold">Where patients send a revocation</legend>
            <p className="text-xs text-slate-600">
              Printed on every authorization (45 CFR 164.508(c)(2)(i)). Signing requests cannot be sent until an address or an email is set.
            </p>
            <Field label="Privacy contact (office or person)" name="privacyOfficer" error={fields?.privacyOfficer}>
              <Input id="privacyOfficer" name="privacyOfficer" defaultValue={values.privacyOfficer ?? ""} placeholder="Privacy Office" invalid={!!fields?.privacyOfficer} />
            </Field>
            <Field label="Postal address" name="privacyAddress" error={fields?.privacyAddress}>
              <Input id="privacyAddress" name="privacyAddress" defaultValue={values.privacyAddress ?? ""} placeholder="1 Main Street, Springfield, IL 62701" invalid={!!fields?.privacyAddress} />
            </Field>
            <Field label="Email" name="privacyEmail" error={fields?.privacyEmail}>
              <Input id="privacyEmail" name="privacyEmail" type="email" defaultValue={values.privacyEmail ?? ""} placeholder="privacy@example.org" invalid={!!fields?.privacyEmail} />
            </Field>
          </fieldset>
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save settings"}
          </Button>
        </>
      )}
    </ActionForm>
  );
}
