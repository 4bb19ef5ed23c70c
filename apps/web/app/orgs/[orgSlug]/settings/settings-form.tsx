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
  autoHideBlocking: boolean;
  autoDeleteBlocking: boolean;
  commentRetentionDays: number;
  firstResponseSlaMinutes: number;
  requireMfaForAdmins: boolean;
};

const ZONES: string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];

/** Issue 12: auto-hide, how long snapshots of removed comments are kept, and the first-response SLA. */
function CommentModerationFields({ values, fields }: { values: SettingsValues; fields?: Record<string, string[] | undefined> }) {
  return (
    <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
      <legend className="px-1 text-sm font-semibold">Comment moderation</legend>
      <div className="space-y-1">
        {/* Unticked sends only the hidden "false"; ticked sends "on" after it, and the last value wins. */}
        <input type="hidden" name="autoHideBlocking" value="false" />
        <label htmlFor="autoHideBlocking" className="flex items-center gap-2 text-sm font-medium text-slate-700">
          <input id="autoHideBlocking" name="autoHideBlocking" type="checkbox" defaultChecked={values.autoHideBlocking} className="size-4" />
          Hide comments the scanner blocks at once
        </label>
        <p className="text-xs text-slate-500">Off: they stay visible on the platform until someone in the inbox decides.</p>
        {fields?.autoHideBlocking?.length ? <p id="autoHideBlocking-error" className="text-sm text-red-700">{fields.autoHideBlocking.join(" ")}</p> : null}
      </div>
      <div className="space-y-1">
        <input type="hidden" name="autoDeleteBlocking" value="false" />
        <label htmlFor="autoDeleteBlocking" className="flex items-center gap-2 text-sm font-medium text-slate-700">
          <input id="autoDeleteBlocking" name="autoDeleteBlocking" type="checkbox" defaultChecked={values.autoDeleteBlocking} className="size-4" />
          Delete blocked comments where the platform cannot hide them (LinkedIn)
        </label>
        <p className="text-xs text-slate-500">Off: they are escalated in the inbox for someone to delete. A snapshot is kept before any deletion.</p>
        {fields?.autoDeleteBlocking?.length ? <p id="autoDeleteBlocking-error" className="text-sm text-red-700">{fields.autoDeleteBlocking.join(" ")}</p> : null}
      </div>
      <Field
        label="Keep comment snapshots for (days)" name="commentRetentionDays" error={fields?.commentRetentionDays}
        hint="A copy of each comment is kept before it is hidden or deleted, as evidence. HIPAA documentation must be kept six years (45 CFR 164.316(b)(2)(i)), so at least 2,190 days. Applies to snapshots taken from now on; older ones are deleted automatically once their time is up."
      >
        <Input id="commentRetentionDays" name="commentRetentionDays" type="number" required min={2190} max={36500} defaultValue={values.commentRetentionDays} invalid={!!fields?.commentRetentionDays} />
      </Field>
      <Field
        label="First response within (minutes)" name="firstResponseSlaMinutes" error={fields?.firstResponseSlaMinutes}
        hint="How soon a comment hidden for review, flagged by the scanner or marked “needs reply” must get a decision or a reply: 30 minutes to 7 days (10,080). Compliance officers are reminded 30 minutes before and told when it passes. Applies to comments arriving from now on."
      >
        <Input id="firstResponseSlaMinutes" name="firstResponseSlaMinutes" type="number" required min={30} max={10080} defaultValue={values.firstResponseSlaMinutes} invalid={!!fields?.firstResponseSlaMinutes} />
      </Field>
    </fieldset>
  );
}

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
          <div className="space-y-1">
            {/* Issue 15. Unticked sends only the hidden "false"; ticked sends "on" after it. */}
            <input type="hidden" name="requireMfaForAdmins" value="false" />
            <label htmlFor="requireMfaForAdmins" className="flex items-center gap-2 text-sm font-medium text-slate-700">
              <input id="requireMfaForAdmins" name="requireMfaForAdmins" type="checkbox" defaultChecked={values.requireMfaForAdmins} className="size-4" />
              Require two-factor sign-in for admins and compliance officers
            </label>
            <p className="text-xs text-slate-500">A person in several organisations must use it if any of them requires it.</p>
            {fields?.requireMfaForAdmins?.length ? <p className="text-sm text-red-700">{fields.requireMfaForAdmins.join(" ")}</p> : null}
          </div>
          <CommentModerationFields values={values} fields={fields} />
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save settings"}
          </Button>
        </>
      )}
    </ActionForm>
  );
}
