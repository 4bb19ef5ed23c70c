"use client";

import { useState } from "react";
import { ActionForm } from "@/components/action-form";
import { Button, Field, Select } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Bound = (p: ActionState, f: FormData) => Promise<ActionState>;
const box = "block w-full rounded-md border border-slate-300 px-3 py-2 text-base sm:text-sm";

/** Resolve the report and, for a post that is PHI though the scanner only asked for review, open the incident. */
export function ReportDecision(props: { reportId: string; resolved: boolean; scanning: boolean; canOpenIncident: boolean; resolve: Bound; openIncident: Bound }) {
  return (
    <div className="flex flex-wrap items-start gap-3">
      {props.resolved ? null : (
        <ActionForm action={props.resolve} label="Resolve the report">
          {({ pending }) => (
            <>
              <input type="hidden" name="reportId" value={props.reportId} />
              <Button type="submit" disabled={pending || props.scanning}>Resolve</Button>
            </>
          )}
        </ActionForm>
      )}
      {props.canOpenIncident ? (
        <ActionForm action={props.openIncident} label="Open an incident" confirm="Open a breach incident for this post? The 60-day notification clock starts now.">
          {({ pending }) => (
            <>
              <input type="hidden" name="reportId" value={props.reportId} />
              <Button type="submit" variant="danger" disabled={pending || props.scanning}>Open incident</Button>
            </>
          )}
        </ActionForm>
      ) : null}
    </div>
  );
}

/** A note to the employee, who sees it as a notification and under "My coaching notes". */
export function CoachingNoteForm({ reportId, members, authorId, send }: { reportId: string; members: { id: string; name: string }[]; authorId: string | null; send: Bound }) {
  const [employee, setEmployee] = useState(authorId ?? "");
  return (
    <ActionForm action={send} label="Coaching note" resetOnSuccess>
      {({ pending, fields }) => (
        <div className="space-y-3">
          <input type="hidden" name="reportId" value={reportId} />
          <Field label="Employee" name="coaching-employee" error={fields?.employeeId}>
            <Select id="coaching-employee" name="employeeId" value={employee} onChange={(e) => setEmployee(e.target.value)}>
              <option value="">Choose the employee</option>
              {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
            </Select>
          </Field>
          <Field label="Note to the employee" name="coaching-text" error={fields?.text} hint="What was wrong with the post and what to do instead. Stored encrypted; the employee is notified.">
            <textarea id="coaching-text" name="text" rows={4} maxLength={4000} className={box} />
          </Field>
          <Button type="submit" variant="secondary" disabled={pending}>Send coaching note</Button>
        </div>
      )}
    </ActionForm>
  );
}
