"use client";

import { useState } from "react";
import { ActionForm } from "@/components/action-form";
import { typeLabel } from "@/components/highlighted-text";
import { Button, Field } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Bound = (p: ActionState, f: FormData) => Promise<ActionState>;

export interface FeedbackLabel {
  id: string;
  kind: "NOT_PHI" | "MISSED_PHI";
  source: string;
  start: number;
  end: number;
  type: string;
  by: string;
  /** ISO time. */
  at: string;
}

/**
 * Compliance officers teach the scanner: select what it missed in a read-only copy of the text (a
 * textarea, so keyboard selection works and offsets are exact), pick the type, save. Only offsets and
 * the type are sent. The labels already given on this revision are listed with an undo each.
 */
export function ScannerFeedbackPanel(props: {
  revisionId: string;
  texts: { source: string; label: string; text: string }[];
  types: string[];
  labels: FeedbackLabel[];
  record: Bound;
  withdraw: Bound;
}) {
  const [source, setSource] = useState(props.texts[0]?.source ?? "TEXT");
  const [range, setRange] = useState<{ start: number; end: number } | null>(null);
  const text = props.texts.find((t) => t.source === source)?.text ?? "";
  // onSelect alone misses some keyboard selections in a read-only field: key and mouse ups re-read it.
  const readSelection = (area: HTMLTextAreaElement) => {
    const { selectionStart: s, selectionEnd: end } = area;
    setRange(end > s ? { start: s, end } : null);
  };
  const textOf = (l: { source: string; start: number; end: number }) => props.texts.find((t) => t.source === l.source)?.text.slice(l.start, l.end) ?? "";
  const where = (s: string) => props.texts.find((t) => t.source === s)?.label ?? s;
  return (
    <div className="space-y-4">
      <ActionForm action={props.record} label="Label PHI the scanner missed" className="space-y-2">
        {({ pending, fields }) => (
          <>
            <input type="hidden" name="kind" value="MISSED_PHI" />
            <input type="hidden" name="revisionId" value={props.revisionId} />
            <input type="hidden" name="source" value={source} />
            <input type="hidden" name="start" value={range?.start ?? ""} />
            <input type="hidden" name="end" value={range?.end ?? ""} />
            {props.texts.length > 1 ? (
              <Field label="Which text" name="feedback-source" error={fields?.source}>
                <select id="feedback-source" value={source} onChange={(e) => { setSource(e.target.value); setRange(null); }} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base sm:text-sm">
                  {props.texts.map((t) => <option key={t.source} value={t.source}>{t.label}</option>)}
                </select>
              </Field>
            ) : null}
            <Field label="Select the PHI the scanner missed" name="feedback-text" error={[...(fields?.start ?? []), ...(fields?.end ?? [])]} hint="Drag or use Shift+arrow keys in this copy of the text.">
              <textarea
                id="feedback-text" value={text} aria-readonly="true" spellCheck={false}
                // Not readOnly: Chromium then ignores caret keys, so keyboard users could not select.
                // Edits are discarded (the value is controlled and onChange keeps it), so the copy stays exact.
                onChange={() => undefined} rows={Math.min(8, Math.max(3, Math.ceil(text.length / 70)))}
                onSelect={(e) => readSelection(e.currentTarget)}
                onKeyUp={(e) => readSelection(e.currentTarget)}
                onMouseUp={(e) => readSelection(e.currentTarget)}
                className="block w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-base sm:text-sm"
              />
            </Field>
            <p className="text-sm text-slate-600" data-testid="feedback-selection" aria-live="polite">
              {range ? <>Selected: <span className="font-medium">“{text.slice(range.start, range.end)}”</span></> : "Nothing selected yet."}
            </p>
            <Field label="PHI type" name="feedback-type" error={fields?.type}>
              <select id="feedback-type" name="type" required defaultValue="" className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base sm:text-sm">
                <option value="" disabled>Choose a type…</option>
                {props.types.map((t) => <option key={t} value={t}>{typeLabel(t)}</option>)}
              </select>
            </Field>
            <Button type="submit" disabled={pending || !range}>Save missed PHI</Button>
          </>
        )}
      </ActionForm>
      <div>
        <h3 className="text-sm font-medium text-slate-700">Feedback on this revision ({props.labels.length})</h3>
        {props.labels.length === 0 ? <p className="text-sm text-slate-600">None yet. “Not PHI” on a finding, a dismissal or a “Not PHI in context” override is recorded here too.</p> : (
          <ul className="mt-1 divide-y divide-slate-100" aria-label="Scanner feedback" data-testid="scanner-feedback">
            {props.labels.map((l) => (
              <li key={l.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span className="min-w-0">
                  <span className={`mr-2 rounded px-1.5 py-0.5 text-xs font-semibold uppercase ${l.kind === "NOT_PHI" ? "bg-slate-200 text-slate-700" : "bg-sky-100 text-sky-900"}`}>
                    {l.kind === "NOT_PHI" ? "not PHI" : `missed ${typeLabel(l.type)}`}
                  </span>
                  <span className="font-medium">“{textOf(l)}”</span>
                  {l.kind === "NOT_PHI" ? <span className="text-slate-500"> (found as {typeLabel(l.type)})</span> : null}
                  {props.texts.length > 1 ? <span className="text-slate-500"> in {where(l.source)}</span> : null}
                  <span className="block text-xs text-slate-500">{l.by} · <time dateTime={l.at}>{new Date(l.at).toLocaleString()}</time></span>
                </span>
                <ActionForm action={props.withdraw} label="Undo this feedback">
                  {({ pending }) => (
                    <>
                      <input type="hidden" name="feedbackId" value={l.id} />
                      <Button type="submit" variant="ghost" disabled={pending}>Undo</Button>
                    </>
                  )}
                </ActionForm>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
