"use client";

import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/actions";
import { Alert, Button, Input } from "@/components/ui";
import { ConsentTable, type ConsentRow } from "./consent-table";

type SearchAction = (prev: ActionState<ConsentRow[]>, formData: FormData) => Promise<ActionState<ConsentRow[]>>;

/**
 * Exact-name search through a server action (a POST): the name never goes into the URL, so it is
 * not in the address bar, the history, a Referer header or an access log.
 */
export function NameSearch({ action, base, status, expiringSoon }: { action: SearchAction; base: string; status: string; expiringSoon: boolean }) {
  const [state, formAction, pending] = useActionState(action, null);
  const [dismissed, setDismissed] = useState<ActionState<ConsentRow[]>>(null);
  // While a new search runs, the previous answer is hidden: it is about another name.
  const shown = state && state !== dismissed && !pending ? state : null;
  const fieldError = shown && !shown.ok ? shown.error.fields?.name : undefined;
  return (
    <div className="space-y-4">
      <form method="POST" action={formAction} className="flex flex-wrap items-end gap-3" aria-label="Search by patient name">
        <input type="hidden" name="status" value={status} />
        <input type="hidden" name="expiringSoon" value={expiringSoon ? "1" : ""} />
        <div className="min-w-64 flex-1">
          <label htmlFor="consent-name" className="block text-sm font-medium text-slate-700">Patient name (exact)</label>
          <Input id="consent-name" name="name" autoComplete="off" required maxLength={200} invalid={!!fieldError} />
          <p className="mt-1 text-xs text-slate-500">
            Names are stored encrypted, so only the exact full name as on the form matches (upper/lower case, accents and
            punctuation do not matter; a first name or part of a name finds nothing). The name is sent in the request body, never in the page address.
          </p>
          {fieldError ? <p id="name-error" className="text-sm text-red-700">{fieldError.join(" ")}</p> : null}
        </div>
        <Button type="submit" disabled={pending}>{pending ? "Searching…" : "Search"}</Button>
      </form>
      {pending ? <p role="status" className="text-sm text-slate-600">Searching…</p> : null}
      {shown && !shown.ok && !fieldError ? <Alert tone="error">{shown.error.message}</Alert> : null}
      {shown?.ok ? (
        <section aria-label="Name search results" className="space-y-2 border-t border-slate-100 pt-3">
          <div className="flex items-center justify-between gap-2">
            <h3 className="text-sm font-semibold">{shown.data?.length ?? 0} consent{shown.data?.length === 1 ? "" : "s"} for that name{status || expiringSoon ? " (with the filters below)" : ""}</h3>
            <Button type="button" variant="ghost" onClick={() => setDismissed(state)}>Clear results</Button>
          </div>
          <ConsentTable rows={shown.data ?? []} base={base} empty="No consent on file under exactly that name." />
        </section>
      ) : null}
    </div>
  );
}
