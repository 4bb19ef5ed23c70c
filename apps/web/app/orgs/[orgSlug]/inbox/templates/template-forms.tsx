"use client";

import { ActionForm } from "@/components/action-form";
import { Button, Field, Input } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Bound = (p: ActionState, f: FormData) => Promise<ActionState>;

export function TemplateForm({ save, template }: { save: Bound; template?: { id: string; name: string; body: string } }) {
  const key = template?.id ?? "new";
  return (
    <ActionForm action={save} label={template ? `Edit template ${template.name}` : "New template"} resetOnSuccess={!template}>
      {({ pending, fields }) => (
        <div className="space-y-3">
          {template ? <input type="hidden" name="templateId" value={template.id} /> : null}
          <Field label="Name" name={`tpl-name-${key}`} error={fields?.name}>
            <Input id={`tpl-name-${key}`} name="name" defaultValue={template?.name ?? ""} maxLength={80} invalid={!!fields?.name} />
          </Field>
          <Field label="Reply" name={`tpl-body-${key}`} error={fields?.body}>
            <textarea id={`tpl-body-${key}`} name="body" rows={3} defaultValue={template?.body ?? ""} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-base sm:text-sm" />
          </Field>
          <Button type="submit" disabled={pending}>{template ? "Save" : "Add template"}</Button>
        </div>
      )}
    </ActionForm>
  );
}

export function DeleteTemplateForm({ templateId, remove }: { templateId: string; remove: Bound }) {
  return (
    <ActionForm action={remove} label="Delete template" confirm="Delete this template? Replies already sent keep their text.">
      {({ pending }) => (
        <>
          <input type="hidden" name="templateId" value={templateId} />
          <Button type="submit" variant="ghost" disabled={pending}>Delete</Button>
        </>
      )}
    </ActionForm>
  );
}
