"use client";

import { ActionForm } from "@/components/action-form";
import { Button, Select } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Bound = (p: ActionState, f: FormData) => Promise<ActionState>;
/** Times come formatted in the org's time zone. */
type Link = { id: string; approver: string; revision: number; step: number; state: string; sentAt: string; expiresAt: string; decidedAt: string | null; automatic: boolean; voidReason: string | null };

const STATE_TEXT: Record<string, string> = {
  open: "waiting", approved: "approved", changes_requested: "asked for changes", expired: "expired", locked: "locked (too many wrong codes)", void: "no longer valid",
};

/**
 * The client approver's part of the review (issue 16): which links went to whom and what became of
 * each, and, while the post waits at a client approver step, "Send to client approver" for a lost,
 * expired or locked link (the earlier link of that approver stops working).
 */
export function ClientApprovalPanel(props: {
  postId: string; revision: number; waitingStep: number | null; sendable: { id: string; name: string }[]; links: Link[]; send?: Bound;
}) {
  return (
    <div className="space-y-3 text-sm" data-testid="client-approval">
      {props.waitingStep ? (
        <p>Step {props.waitingStep} waits for the client approver: they decide through the link we emailed them, confirmed by a code.</p>
      ) : null}
      {props.waitingStep && props.sendable.length === 0 ? (
        <p className="text-amber-900">No active client approver is named in step {props.waitingStep}: an admin must update the approval policy.</p>
      ) : null}
      {props.links.length === 0 ? <p className="text-slate-600">No link sent yet.</p> : (
        <ul className="space-y-1" data-testid="client-links">
          {props.links.map((l) => (
            <li key={l.id}>
              <span className="font-medium">{l.approver}</span>: {STATE_TEXT[l.state] ?? l.state}
              <span className="block text-xs text-slate-500">
                rev {l.revision} · step {l.step} · {l.automatic ? "sent by the workflow" : "sent from this page"} {l.sentAt} · {l.decidedAt ? `decided ${l.decidedAt}` : `expires ${l.expiresAt}`}
                {l.state === "void" && l.voidReason ? ` · ${l.voidReason}` : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
      {props.send && props.waitingStep && props.sendable.length ? (
        <ActionForm action={props.send} label="Send to client approver" className="flex flex-wrap items-end gap-2">
          {({ pending, fields }) => (
            <>
              <input type="hidden" name="postId" value={props.postId} />
              <input type="hidden" name="revision" value={props.revision} />
              <label className="min-w-48 flex-1 space-y-1">
                <span className="block text-xs font-medium text-slate-600">Client approver</span>
                <Select name="approverId" defaultValue={props.sendable[0]!.id} aria-invalid={!!fields?.approverId || undefined}>
                  {props.sendable.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
                </Select>
              </label>
              <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Sending…" : "Send to client approver"}</Button>
              {fields?.approverId ? <p className="w-full text-red-700">{fields.approverId.join(" ")}</p> : null}
            </>
          )}
        </ActionForm>
      ) : null}
    </div>
  );
}
