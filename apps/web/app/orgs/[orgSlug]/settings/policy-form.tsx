"use client";

import { useEffect, useState } from "react";
import { ActionForm } from "@/components/action-form";
import { typeLabel } from "@/components/highlighted-text";
import { Button, roleLabel } from "@/components/ui";
import type { ActionState } from "@/lib/actions";
import { BLOCKING_TYPES } from "./blocking-types";

type Mode = "ANY" | "ALL" | "CLIENT";
type Step = { mode: Mode; userIds: string[]; roles: string[]; clientApproverIds: string[] };
const MODE_LABEL: Record<Mode, string> = { ANY: "Any one of them", ALL: "All of them", CLIENT: "The client approver" };
const ROLES = ["COMPLIANCE_OFFICER", "ADMIN", "CONSULTANT", "STAFF"];
/** What a step sends: a client step its client approvers only, the others their members and roles only. */
const stepInput = ({ mode, userIds, roles, clientApproverIds }: Step) =>
  mode === "CLIENT" ? { mode, userIds: [], roles: [], clientApproverIds } : { mode, userIds, roles, clientApproverIds: [] };

/**
 * 1–3 sequential approval steps, each "any one of" or "all of" its chosen members and roles, or (issue
 * 16, never step 1) "the client approver": any one of the chosen client approvers, by emailed link.
 */
export function PolicyForm(props: {
  action: (p: ActionState, f: FormData) => Promise<ActionState>; members: { id: string; name: string }[]; steps: Step[]; blockingTypes: string[]; overridableDirectIdentifiers?: boolean;
  clientApprovers?: { id: string; name: string; active: boolean }[];
}) {
  // Controlled throughout: a form action resets uncontrolled inputs to their first defaults after saving.
  const [steps, setSteps] = useState<(Step & { k: number })[]>(props.steps.map((s, k) => ({ ...s, k })));
  const [blocking, setBlocking] = useState<string[]>(props.blockingTypes);
  const [directOverridable, setDirectOverridable] = useState(props.overridableDirectIdentifiers ?? false);
  // The JSON field exists only once React owns the inputs; before that the plain fields are sent.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const edit = (i: number, change: (s: Step) => Partial<Step>) => setSteps((all) => all.map((x, j) => (j === i ? { ...x, ...change(x) } : x)));
  const flip = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const clients = props.clientApprovers ?? [];
  return (
    <ActionForm action={props.action} label="Approval policy" className="space-y-4">
      {({ pending, fields }) => (
        <>
          <input type="hidden" name="stepCount" value={steps.length} />
          {hydrated ? <input type="hidden" name="policy" value={JSON.stringify({ steps: steps.map(stepInput), blockingTypes: blocking, overridableDirectIdentifiers: directOverridable })} /> : null}
          <ol className="space-y-3">
            {steps.map((step, i) => (
              <li key={step.k} className="rounded-md border border-slate-200 p-3">
                <fieldset className="space-y-2">
                  <legend className="text-sm font-semibold">Step {i + 1}</legend>
                  <div className="flex flex-wrap gap-4 text-sm" role="radiogroup" aria-label={`Step ${i + 1} needs`}>
                    {(i > 0 ? (["ANY", "ALL", "CLIENT"] as const) : (["ANY", "ALL"] as const)).map((m) => (
                      <label key={m} className="flex items-center gap-2">
                        <input type="radio" name={`steps.${i}.mode`} value={m} checked={step.mode === m} onChange={() => edit(i, () => ({ mode: m }))} className="size-4" />
                        {MODE_LABEL[m]}
                      </label>
                    ))}
                  </div>
                  {step.mode === "CLIENT" ? (
                    <>
                      <p className="text-xs font-medium text-slate-600">Client approvers (any one of them decides, by emailed link and code)</p>
                      {clients.length === 0 ? <p className="text-sm text-slate-600">Add client approvers below first.</p> : null}
                      <div className="flex max-h-40 flex-wrap gap-x-4 gap-y-1 overflow-y-auto text-sm">
                        {clients.map((c) => (
                          <label key={c.id} className="flex items-center gap-2">
                            <input type="checkbox" name={`steps.${i}.clientApproverIds`} value={c.id} checked={step.clientApproverIds.includes(c.id)} onChange={() => edit(i, (x) => ({ clientApproverIds: flip(x.clientApproverIds, c.id) }))} className="size-4" />
                            {c.name}{c.active ? "" : " (inactive)"}
                          </label>
                        ))}
                      </div>
                    </>
                  ) : (
                    <>
                      <p className="text-xs font-medium text-slate-600">Roles</p>
                      <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
                        {ROLES.map((r) => (
                          <label key={r} className="flex items-center gap-2">
                            <input type="checkbox" name={`steps.${i}.roles`} value={r} checked={step.roles.includes(r)} onChange={() => edit(i, (x) => ({ roles: flip(x.roles, r) }))} className="size-4" /> {roleLabel(r)}
                          </label>
                        ))}
                      </div>
                      <p className="text-xs font-medium text-slate-600">Named members</p>
                      <div className="flex max-h-40 flex-wrap gap-x-4 gap-y-1 overflow-y-auto text-sm">
                        {props.members.map((m) => (
                          <label key={m.id} className="flex items-center gap-2">
                            <input type="checkbox" name={`steps.${i}.userIds`} value={m.id} checked={step.userIds.includes(m.id)} onChange={() => edit(i, (x) => ({ userIds: flip(x.userIds, m.id) }))} className="size-4" /> {m.name}
                          </label>
                        ))}
                      </div>
                    </>
                  )}
                  {steps.length > 1 ? <Button type="button" variant="ghost" className="text-red-700" onClick={() => setSteps((s) => s.filter((_, j) => j !== i))}>Remove step {i + 1}</Button> : null}
                </fieldset>
              </li>
            ))}
          </ol>
          {Object.keys(fields ?? {}).some((k) => k.startsWith("steps")) ? (
            <p className="text-sm text-red-700">{Object.entries(fields ?? {}).filter(([k]) => k.startsWith("steps")).flatMap(([, v]) => v).join(" ")}</p>
          ) : null}
          {steps.length < 3 ? <Button type="button" variant="secondary" onClick={() => setSteps((s) => [...s, { mode: "ANY", userIds: [], roles: ["COMPLIANCE_OFFICER"], clientApproverIds: [], k: Math.max(...s.map((x) => x.k)) + 1 }])}>Add a step</Button> : null}
          <fieldset>
            <legend className="text-sm font-semibold">Finding types that block approval</legend>
            <p className="text-xs text-slate-600">Approving over one of these needs a compliance officer&apos;s written override. None ticked: whatever the scanner calls blocking.</p>
            <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm">
              {BLOCKING_TYPES.map((t) => (
                <label key={t} className="flex items-center gap-2">
                  <input type="checkbox" name="blockingTypes" value={t} checked={blocking.includes(t)} onChange={() => setBlocking((b) => flip(b, t))} className="size-4" /> {typeLabel(t)}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend className="text-sm font-semibold">Direct identifiers</legend>
            <label className="mt-1 flex items-start gap-2 text-sm">
              <input type="checkbox" name="overridableDirectIdentifiers" checked={directOverridable} onChange={(e) => setDirectOverridable(e.target.checked)} className="mt-0.5 size-4" />
              <span>
                Allow compliance officers to approve over a medical record number, Social Security number or date of birth
                <span className="block text-xs text-slate-600">Off (recommended): such a post cannot be approved until the identifier is removed. The change is audited.</span>
              </span>
            </label>
            {fields?.overridableDirectIdentifiers ? <p className="text-sm text-red-700">{fields.overridableDirectIdentifiers.join(" ")}</p> : null}
          </fieldset>
          <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save approval policy"}</Button>
        </>
      )}
    </ActionForm>
  );
}
