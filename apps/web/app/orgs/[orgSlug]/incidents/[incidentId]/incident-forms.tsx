"use client";

import { useState } from "react";
import { ActionForm } from "@/components/action-form";
import { Button, Field, Input } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Bound = (p: ActionState, f: FormData) => Promise<ActionState>;
const box = "block w-full rounded-md border border-slate-300 px-3 py-2 text-base sm:text-sm";

export interface FactorView {
  key: string;
  title: string;
  prompt: string;
  checked: boolean;
  notes: string | null;
}

/**
 * The breach risk assessment of 45 CFR 164.402(2): a box and notes per factor, the discovery time
 * (the deadline follows it) and the conclusion. "Save assessment" keeps working; "Complete
 * assessment" concludes it (every factor and a conclusion needed).
 */
export function AssessmentForm(props: { incidentId: string; factors: FactorView[]; discoveredLocal: string; conclusion: string | null; closed: boolean; save: Bound }) {
  const [checked, setChecked] = useState(() => Object.fromEntries(props.factors.map((f) => [f.key, f.checked])));
  return (
    <ActionForm action={props.save} label="Risk assessment">
      {({ pending, fields }) => (
        <fieldset disabled={props.closed} className="space-y-5">
          <input type="hidden" name="incidentId" value={props.incidentId} />
          <Field label="Discovered" name="discoveredAt" error={fields?.discoveredAt} hint="When the post became known to anyone in the organization (org's time zone). The 60-day deadline runs from here.">
            <Input id="discoveredAt" name="discoveredAt" type="datetime-local" defaultValue={props.discoveredLocal} className="max-w-xs" />
          </Field>
          <ol className="space-y-4" data-testid="risk-factors">
            {props.factors.map((f) => (
              <li key={f.key} className="rounded-md border border-slate-200 p-3">
                <label className="flex items-start gap-2 text-sm font-medium">
                  <input
                    type="checkbox" name={`${f.key}Checked`} value="true" className="mt-0.5 h-4 w-4" checked={checked[f.key] ?? false}
                    onChange={(e) => setChecked((c) => ({ ...c, [f.key]: e.target.checked }))}
                  />
                  <span>{f.title}</span>
                </label>
                <div className="mt-2">
                  <Field label="Notes" name={`${f.key}Notes`} error={fields?.[`${f.key}Notes`]} hint={f.prompt}>
                    <textarea id={`${f.key}Notes`} name={`${f.key}Notes`} rows={3} maxLength={4000} defaultValue={f.notes ?? ""} className={box} />
                  </Field>
                </div>
              </li>
            ))}
          </ol>
          <fieldset className="space-y-1" aria-describedby={fields?.conclusion ? "conclusion-error" : undefined}>
            <legend className="text-sm font-medium text-slate-700">Conclusion</legend>
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="conclusion" value="LOW_PROBABILITY" defaultChecked={props.conclusion === "LOW_PROBABILITY"} /> Low probability of compromise (no notification required)
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="conclusion" value="NOTIFICATION_REQUIRED" defaultChecked={props.conclusion === "NOTIFICATION_REQUIRED"} /> Notification required
            </label>
            {fields?.conclusion ? <p id="conclusion-error" className="text-sm text-red-700">{fields.conclusion.join(" ")}</p> : null}
          </fieldset>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" name="intent" value="save" variant="secondary" disabled={pending}>Save assessment</Button>
            <Button type="submit" name="intent" value="assess" disabled={pending}>Complete assessment</Button>
          </div>
        </fieldset>
      )}
    </ActionForm>
  );
}

/** Closing an assessed incident: notified (when), or not required (a low-probability conclusion only). */
export function CloseIncidentForm({ incidentId, conclusion, close }: { incidentId: string; conclusion: string | null; close: Bound }) {
  const [outcome, setOutcome] = useState(conclusion === "LOW_PROBABILITY" ? "NOT_REQUIRED" : "NOTIFIED");
  return (
    <ActionForm action={close} label="Close the incident">
      {({ pending, fields }) => (
        <div className="space-y-3">
          <input type="hidden" name="incidentId" value={incidentId} />
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium text-slate-700">Outcome</legend>
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="outcome" value="NOTIFIED" checked={outcome === "NOTIFIED"} onChange={() => setOutcome("NOTIFIED")} /> Individuals notified
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="outcome" value="NOT_REQUIRED" checked={outcome === "NOT_REQUIRED"} onChange={() => setOutcome("NOT_REQUIRED")} /> Notification not required
            </label>
            {fields?.outcome ? <p className="text-sm text-red-700">{fields.outcome.join(" ")}</p> : null}
          </fieldset>
          <Field label="Notified on" name="notifiedAt" error={fields?.notifiedAt} hint="When the individuals were notified (org's time zone); only for “Individuals notified”.">
            <Input id="notifiedAt" name="notifiedAt" type="datetime-local" className="max-w-xs" />
          </Field>
          <Button type="submit" disabled={pending}>Close incident</Button>
        </div>
      )}
    </ActionForm>
  );
}
