"use client";

import { useState } from "react";
import { ActionForm } from "@/components/action-form";
import { typeLabel } from "@/components/highlighted-text";
import { Button, Field } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

export interface FindingView {
  id: string;
  source: string;
  type: string;
  start: number | null;
  end: number | null;
  text: string | null;
  explanation: string;
  blocking: boolean;
  dismissed: boolean;
  /** The dismissal as people read it: the preset, then any free text. */
  dismissReason: string | null;
  /** Who dismissed it and when (ISO), shown to every reviewer. */
  dismissedBy: string | null;
  dismissedAt: string | null;
}

/** Puts the caret on a finding's span in the editor (opening it if folded), so it can be fixed. */
function fixIt(f: FindingView) {
  const channel = f.source.startsWith("TEXT:") ? f.source.slice(5) : null;
  const el = document.getElementById(channel ? `post-text-${channel}` : "post-text") as HTMLTextAreaElement | null;
  if (!el) return;
  const folded = el.closest("details");
  if (folded) folded.open = true;
  el.scrollIntoView({ block: "center" });
  el.focus();
  if (f.start !== null && f.end !== null) el.setSelectionRange(f.start, f.end);
}

const SOURCES: Record<string, string> = { TEXT: "the text", OCR: "text in an image", METADATA: "an image's metadata", FACE: "an image" };
const where = (source: string) => SOURCES[source] ?? (source.startsWith("TEXT:") ? `the ${source.slice(5).toLowerCase().replace("_", " ")} text` : source.toLowerCase());

type Bound = (p: ActionState, f: FormData) => Promise<ActionState>;

// Blocking findings are never dismissed (the domain refuses it): the author fixes the text or asks
// for an override, which only a compliance officer grants. The allow-list box is offered only to
// those who may change the list (compliance officers).
// Scanner feedback (issue 11, item 7): for a compliance officer a dismissal is also the "not PHI"
// label, so a finding they may dismiss gets no second button; one they may not dismiss (blocking,
// already dismissed by someone else, or a post past review) gets "Not PHI" as a label only.
export function FindingList(props: {
  findings: FindingView[]; mayFix: boolean; mayDismiss: boolean; mayAllowList: boolean; dismiss: Bound; requestOverride?: Bound; dismissReasons?: Record<string, string>;
  /** Present for those who label the scanner's training data; `labelled` = finding ids already labelled not PHI. */
  labelNotPhi?: Bound; labelled?: string[];
}) {
  const [open, setOpen] = useState<string | null>(null);
  // Controlled: a refused dismissal keeps the chosen preset (a form action resets uncontrolled fields).
  const [preset, setPreset] = useState("");
  const [text, setText] = useState("");
  const [asking, setAsking] = useState<string | null>(null);
  if (props.findings.length === 0) return <p className="text-sm text-slate-600">The server scan found nothing.</p>;
  const dismissable = (f: FindingView) => props.mayDismiss && f.type !== "FACE" && !f.blocking && !f.dismissed;
  const isText = (f: FindingView) => f.source.startsWith("TEXT") && f.start !== null;
  const labelled = new Set(props.labelled ?? []);
  return (
    <ul className="divide-y divide-slate-100" aria-label="Findings">
      {props.findings.map((f) => (
        <li key={f.id} data-testid="finding" className="py-3">
          <div className="flex flex-wrap items-start justify-between gap-2">
            <div className="min-w-0">
              <p className="text-sm">
                <span className={`mr-2 rounded px-1.5 py-0.5 text-xs font-semibold uppercase ${f.dismissed ? "bg-slate-200 text-slate-600" : f.blocking ? "bg-red-600 text-white" : "bg-amber-200 text-amber-950"}`}>
                  {typeLabel(f.type)}{f.blocking && !f.dismissed ? " · blocking" : ""}
                </span>
                {f.text ? <span className={f.dismissed ? "line-through" : "font-medium"}>“{f.text}”</span> : null}
                <span className="text-slate-500"> in {where(f.source)}</span>
              </p>
              <p className="mt-1 text-sm text-slate-600">{f.explanation}</p>
              {f.dismissed ? (
                <p className="mt-1 text-xs text-slate-500" data-testid="dismissal">
                  Dismissed as a false positive by {f.dismissedBy ?? "a former member"}
                  {f.dismissedAt ? <> on <time dateTime={f.dismissedAt}>{new Date(f.dismissedAt).toLocaleString()}</time></> : null}: {f.dismissReason}
                </p>
              ) : null}
              {labelled.has(f.id) ? <p className="mt-1 text-xs text-slate-500" data-testid="labelled-not-phi">Labelled not PHI for the scanner&apos;s training data.</p> : null}
            </div>
            <div className="flex gap-1">
              {props.mayFix && !f.dismissed && f.source.startsWith("TEXT") ? <Button type="button" variant="secondary" onClick={() => fixIt(f)}>Fix it</Button> : null}
              {props.labelNotPhi && isText(f) && !labelled.has(f.id) && !dismissable(f) ? (
                <ActionForm action={props.labelNotPhi} label={`Label the ${typeLabel(f.type)} finding not PHI`}>
                  {({ pending }) => (
                    <>
                      <input type="hidden" name="kind" value="NOT_PHI" />
                      <input type="hidden" name="findingId" value={f.id} />
                      <Button type="submit" variant="ghost" disabled={pending} title="Records a label for the scanner's training data; the finding itself stays as it is">Not PHI (label)</Button>
                    </>
                  )}
                </ActionForm>
              ) : null}
              {dismissable(f) ? (
                <Button type="button" variant="ghost" aria-expanded={open === f.id} onClick={() => { setOpen(open === f.id ? null : f.id); setPreset(""); setText(""); }}>
                  Not PHI…
                </Button>
              ) : null}
              {props.requestOverride && f.blocking && !f.dismissed ? (
                <Button type="button" variant="ghost" aria-expanded={asking === f.id} onClick={() => setAsking(asking === f.id ? null : f.id)}>
                  Ask for override…
                </Button>
              ) : null}
            </div>
          </div>
          {open === f.id ? (
            <ActionForm action={props.dismiss} label={`Dismiss the ${typeLabel(f.type)} finding`} className="mt-2 space-y-2 rounded-md bg-slate-50 p-3">
              {({ pending, fields }) => (
                <>
                  <input type="hidden" name="findingId" value={f.id} />
                  <Field label="Why is this not PHI?" name={`reason-code-${f.id}`} error={fields?.reasonCode}>
                    <select id={`reason-code-${f.id}`} name="reasonCode" value={preset} onChange={(e) => setPreset(e.target.value)} required className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base sm:text-sm">
                      <option value="" disabled>Choose a reason…</option>
                      {Object.entries(props.dismissReasons ?? {}).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
                    </select>
                  </Field>
                  <Field
                    label={preset === "OTHER" ? "Explain (required)" : "Details (optional)"} name={`reason-${f.id}`} error={fields?.reason}
                    hint="Kept with the finding for reviewers; it is not copied into the audit log."
                  >
                    <textarea id={`reason-${f.id}`} name="reason" rows={2} value={text} onChange={(e) => setText(e.target.value)} required={preset === "OTHER"} minLength={preset === "OTHER" ? 10 : undefined} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-base sm:text-sm" />
                  </Field>
                  {props.mayAllowList ? (
                    <label className="flex items-center gap-2 text-sm">
                      <input type="checkbox" name="addToAllowList" className="size-4" /> Never flag this term for this organization again
                    </label>
                  ) : null}
                  {props.labelNotPhi && isText(f) && !labelled.has(f.id) ? <p className="text-xs text-slate-500">Your dismissal is also recorded as scanner feedback: not PHI.</p> : null}
                  <Button type="submit" disabled={pending}>Dismiss as false positive</Button>
                </>
              )}
            </ActionForm>
          ) : null}
          {asking === f.id && props.requestOverride ? (
            <ActionForm action={props.requestOverride} label={`Ask for an override of the ${typeLabel(f.type)} finding`} className="mt-2 space-y-2 rounded-md bg-amber-50 p-3">
              {({ pending, fields }) => (
                <>
                  <input type="hidden" name="findingId" value={f.id} />
                  <Field label="Why may this be published? The compliance officers decide." name={`override-${f.id}`} error={fields?.reason}>
                    <textarea id={`override-${f.id}`} name="reason" rows={2} required minLength={20} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-base sm:text-sm" />
                  </Field>
                  <Button type="submit" disabled={pending}>Send to compliance</Button>
                </>
              )}
            </ActionForm>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
