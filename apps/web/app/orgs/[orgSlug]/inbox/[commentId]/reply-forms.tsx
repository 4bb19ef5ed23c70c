"use client";

import { useState } from "react";
import { ActionForm } from "@/components/action-form";
import { Alert, Button, Field, Select } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Bound = (p: ActionState, f: FormData) => Promise<ActionState>;
const box = "block w-full rounded-md border border-slate-300 px-3 py-2 text-base sm:text-sm";

/** The one private reply the platform allows, from a template (editable) or written here. */
export function PrivateReplyForm({ commentId, templates, send }: { commentId: string; templates: { id: string; name: string; body: string }[]; send: Bound }) {
  const [text, setText] = useState(templates[0]?.body ?? "");
  return (
    <ActionForm action={send} label="Private reply">
      {({ pending, fields }) => (
        <div className="space-y-3">
          <input type="hidden" name="commentId" value={commentId} />
          {templates.length ? (
            <Field label="Template" name="private-reply-template">
              <Select id="private-reply-template" defaultValue={templates[0]!.id} onChange={(e) => setText(templates.find((t) => t.id === e.target.value)?.body ?? "")}>
                {templates.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
                <option value="">No template</option>
              </Select>
            </Field>
          ) : <p className="text-xs text-slate-500">No reply templates yet: an admin or compliance officer can add them.</p>}
          <Field label="Message (sent privately to the commenter)" name="private-reply-text" error={fields?.text}>
            <textarea id="private-reply-text" name="text" rows={4} value={text} onChange={(e) => setText(e.target.value)} className={box} />
          </Field>
          <Button type="submit" disabled={pending}>Send private reply</Button>
        </div>
      )}
    </ActionForm>
  );
}

/**
 * A public reply, checked by the scanner before it is queued. A refusal shows its reasons beside the
 * box; a compliance officer may send it anyway with a written reason. Under a comment hidden for
 * health information, only a private reply is possible.
 */
export function PublicReplyForm({ commentId, hiddenForPhi, mayOverride, send }: { commentId: string; hiddenForPhi: boolean; mayOverride: boolean; send: Bound }) {
  if (hiddenForPhi) {
    return <p className="text-sm text-amber-900" data-testid="public-reply-private-only">This comment was hidden for health information: it can only be answered privately.</p>;
  }
  return (
    <ActionForm action={send} label="Public reply">
      {({ pending, fields }) => (
        <div className="space-y-3">
          <input type="hidden" name="commentId" value={commentId} />
          <div className="grid gap-3 md:grid-cols-[3fr_2fr]">
            <Field label="Reply (shown publicly under the comment)" name="public-reply-text">
              <textarea id="public-reply-text" name="text" rows={4} className={box} aria-describedby={fields?.text ? "public-reply-refusal" : undefined} />
            </Field>
            <div id="public-reply-refusal" aria-live="polite" data-testid="public-reply-refusal">
              {fields?.text?.length ? (
                <Alert tone="error">
                  <strong>Refused:</strong>
                  <ul className="list-disc pl-4">{fields.text.map((r) => <li key={r}>{r}</li>)}</ul>
                </Alert>
              ) : <p className="text-xs text-slate-500">Every public reply is scanned first. A reply that confirms someone is a patient, names a condition or repeats the commenter&apos;s health details is refused.</p>}
            </div>
          </div>
          {mayOverride ? (
            <Field label="Override reason (compliance officer, only if the reply was refused)" name="public-reply-override" error={fields?.overrideReason} hint="Leave empty unless you send a refused reply anyway; the reason is audited.">
              <textarea id="public-reply-override" name="overrideReason" rows={2} className={box} />
            </Field>
          ) : null}
          <Button type="submit" variant="secondary" disabled={pending}>Check and send public reply</Button>
        </div>
      )}
    </ActionForm>
  );
}
