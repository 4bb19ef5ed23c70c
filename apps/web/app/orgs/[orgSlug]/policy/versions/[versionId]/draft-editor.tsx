"use client";

import { useState } from "react";
import { ActionForm } from "@/components/action-form";
import { ManualText } from "@/components/manual-text";
import { Button, Field, Input } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Bound = (p: ActionState, f: FormData) => Promise<ActionState>;
type Section = { key: string; title: string; body: string; generated: boolean; source?: string };

const box = "block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-sm";

/**
 * The draft's editable sections (title and text, with a live preview rendered exactly as readers and
 * the PDF will see it: paragraphs and "- " bullets, nothing else), the change summary and the material
 * flag. Generated sections are shown read-only: they change with the settings.
 */
export function DraftEditor({ versionId, sections, changeSummary, material, save, sourceText }: {
  versionId: string; sections: Section[]; changeSummary: string; material: boolean; save: Bound; sourceText: Record<string, string>;
}) {
  const [bodies, setBodies] = useState(() => Object.fromEntries(sections.map((s) => [s.key, s.body])));
  const [preview, setPreview] = useState(false);
  return (
    <ActionForm action={save} label="Edit draft">
      {({ pending, fields }) => (
        <div className="space-y-4">
          <input type="hidden" name="versionId" value={versionId} />
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-sm text-slate-600">Plain text: a blank line starts a paragraph, &ldquo;- &rdquo; starts a bullet. Nothing else is interpreted.</p>
            <label className="flex items-center gap-2 text-sm"><input type="checkbox" checked={preview} onChange={(e) => setPreview(e.target.checked)} /> Show preview</label>
          </div>
          {sections.map((s) => (
            <section key={s.key} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid={`edit-section-${s.key}`}>
              {s.generated ? (
                <>
                  <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
                    <h2 className="text-base font-semibold">{s.title}</h2>
                    <span className="rounded bg-sky-50 px-2 py-0.5 text-xs text-sky-800" data-testid="generated-badge">from settings: {sourceText[s.source ?? ""] ?? s.source}</span>
                  </div>
                  <ManualText body={s.body} />
                </>
              ) : (
                <div className="space-y-2">
                  <Field label="Title" name={`sections.${s.key}.title`} error={fields?.[`sections.${s.key}.title`]}>
                    <Input id={`sections.${s.key}.title`} name={`sections.${s.key}.title`} defaultValue={s.title} maxLength={120} invalid={!!fields?.[`sections.${s.key}.title`]} />
                  </Field>
                  <Field label="Text" name={`sections.${s.key}.body`} error={fields?.[`sections.${s.key}.body`]}>
                    <textarea
                      id={`sections.${s.key}.body`} name={`sections.${s.key}.body`} rows={8} maxLength={20000} className={box}
                      value={bodies[s.key] ?? ""} onChange={(e) => setBodies((b) => ({ ...b, [s.key]: e.target.value }))}
                    />
                  </Field>
                  {preview ? (
                    <div className="rounded-md border border-dashed border-slate-300 bg-slate-50 p-3" data-testid={`preview-${s.key}`}>
                      <ManualText body={bodies[s.key] ?? ""} />
                    </div>
                  ) : null}
                </div>
              )}
            </section>
          ))}
          <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <Field label="Summary of the changes" name="changeSummary" error={fields?.changeSummary}>
              <textarea id="changeSummary" name="changeSummary" rows={3} maxLength={2000} defaultValue={changeSummary} className={box} />
            </Field>
            <input type="hidden" name="material" value="false" />
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" name="material" defaultChecked={material} className="mt-0.5 h-4 w-4" />
              <span>Material change: every workforce member acknowledges this version again</span>
            </label>
            {fields?.material ? <p className="text-sm text-red-700">{fields.material.join(" ")}</p> : null}
            <Button type="submit" disabled={pending}>Save draft</Button>
          </section>
        </div>
      )}
    </ActionForm>
  );
}
