"use client";

import { useState, useTransition } from "react";
import { typeLabel } from "@/components/highlighted-text";
import { Button, Field } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Bound = (prev: ActionState, form: FormData) => Promise<ActionState>;

export interface BlockingFindingView {
  id: string;
  type: string;
  text: string | null;
  explanation: string;
  /** Set when the policy refuses approving over this finding (an MRN, SSN or date of birth): the refusal to show. */
  refusal: string | null;
}
export type OverrideValue = { reasonCode: string; justification: string; consentId: string };
interface Match { id: string; displayName: string | null; status: string; verified: boolean; expiresAt: string | Date | null; gap: string | null }

const day = (iso: string | Date | null) => (iso ? new Date(iso).toISOString().slice(0, 10) : "no date");
/** The override needs a verified consent (as a patient in an image does); the search itself does not ask for one. */
const gapOf = (m: Match) => m.gap ?? (m.verified ? null : "no compliance officer has verified it against the signed file yet");

/**
 * One blocking finding's override: a preset reason, a written justification and, for "Consent on
 * file", the consent picked from a search by the patient's name. Controlled, so a refused approval
 * keeps what the officer wrote; the server's reasons appear beside each field.
 */
export function OverrideFields(props: {
  finding: BlockingFindingView; postId: string; reasons: Record<string, string>; value: OverrideValue; minLength: number;
  onChange: (v: Partial<OverrideValue>) => void; errors: Record<string, string[]> | undefined; find?: Bound;
}) {
  const { finding: f, value } = props;
  const key = `overrides.${f.id}`;
  const err = (field: string) => props.errors?.[`${key}.${field}`];
  return (
    <fieldset className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3" data-testid="override-finding" data-finding-id={f.id}>
      <legend className="px-1 text-sm font-semibold">
        {typeLabel(f.type)}{f.text ? <> “{f.text}”</> : null}
      </legend>
      <p className="text-xs text-slate-700">{f.explanation}</p>
      {f.refusal ? <p className="text-sm font-medium text-red-700" data-testid="override-refusal">{f.refusal}</p> : null}
      <Field label={`Override reason for the ${typeLabel(f.type)} finding`} name={`${key}-reason`} error={err("reasonCode")}>
        <select
          id={`${key}-reason`} name={`${key}.reasonCode`} value={value.reasonCode} aria-invalid={!!err("reasonCode") || undefined}
          onChange={(e) => props.onChange({ reasonCode: e.target.value, ...(e.target.value === "CONSENT_ON_FILE" ? {} : { consentId: "" }) })}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base sm:text-sm"
        >
          <option value="">Choose a reason…</option>
          {Object.entries(props.reasons).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
        </select>
      </Field>
      {value.reasonCode === "CONSENT_ON_FILE" ? (
        <ConsentPicker findingId={f.id} postId={props.postId} find={props.find} value={value.consentId} onPick={(consentId) => props.onChange({ consentId })} error={err("consentId")} />
      ) : null}
      <Field label={`Justification for the ${typeLabel(f.type)} finding`} name={`${key}-justification`} error={err("justification")} hint={`At least ${props.minLength} characters; kept with the approval.`}>
        <textarea
          id={`${key}-justification`} name={`${key}.justification`} rows={2} value={value.justification} aria-invalid={!!err("justification") || undefined}
          onChange={(e) => props.onChange({ justification: e.target.value })}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-base sm:text-sm"
        />
      </Field>
    </fieldset>
  );
}

/** Finds the org's consents by the patient's exact name; only one that can count may be picked. */
function ConsentPicker(props: { findingId: string; postId: string; find?: Bound; value: string; onPick: (id: string) => void; error?: string[] }) {
  const [name, setName] = useState("");
  const [found, setFound] = useState<ActionState>(null);
  const [searching, startSearch] = useTransition();
  const id = `consent-${props.findingId}`;
  const matches = found?.ok ? (found.data as Match[]) : null;
  const search = () => {
    if (!props.find || !name.trim()) return;
    const fd = new FormData();
    fd.set("postId", props.postId);
    fd.set("name", name);
    // The name goes in the action's POST body only; it is not a field of the decision form.
    startSearch(async () => setFound(await props.find!(null, fd)));
  };
  return (
    <div className="space-y-2 rounded border border-slate-200 bg-white p-2" data-testid="consent-picker">
      <input type="hidden" name={`overrides.${props.findingId}.consentId`} value={props.value} />
      {props.find ? (
        <>
          <label htmlFor={`${id}-name`} className="block text-sm font-medium text-slate-700">Patient&apos;s full name (as on the consent)</label>
          <div className="flex gap-2">
            <input
              id={`${id}-name`} value={name} autoComplete="off" onChange={(e) => setName(e.target.value)}
              // Enter would submit the decision form (Approve): search instead.
              onKeyDown={(e) => { if (e.key === "Enter") { e.preventDefault(); search(); } }}
              className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
            <Button type="button" variant="secondary" className="shrink-0" onClick={search} disabled={searching}>{searching ? "Searching…" : "Find consent"}</Button>
          </div>
        </>
      ) : <p className="text-sm text-slate-600">You cannot search consents.</p>}
      {found && !found.ok ? <p className="text-sm text-red-700">{found.error.message}</p> : null}
      {matches && matches.length === 0 ? <p className="text-sm text-slate-700">No consent with that name.</p> : null}
      {matches?.length ? (
        <ul className="space-y-1 text-sm" aria-label="Consents on file">
          {matches.map((m) => {
            const gap = gapOf(m);
            return (
              <li key={m.id}>
                <label className="flex items-start gap-2">
                  <input type="radio" name={`${id}-pick`} value={m.id} checked={props.value === m.id} disabled={!!gap} onChange={() => props.onPick(m.id)} className="mt-1 size-4" />
                  <span>
                    {m.displayName ?? "Consent"} · {m.status.toLowerCase()} · expires {day(m.expiresAt)}
                    {gap ? <span className="block text-red-700">Cannot be used: {gap}</span> : null}
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      ) : null}
      {props.error?.length ? <p id={`${id}-error`} className="text-sm text-red-700" data-testid="consent-error">{props.error.join(" ")}</p> : null}
    </div>
  );
}
