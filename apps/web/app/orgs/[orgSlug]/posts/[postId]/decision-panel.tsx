"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import { Alert, Button, Field } from "@/components/ui";
import type { ActionState } from "@/lib/actions";
import { OverrideFields, type BlockingFindingView, type OverrideValue } from "./override-fields";

type Bound = (p: ActionState, f: FormData) => Promise<ActionState>;
const EMPTY: OverrideValue = { reasonCode: "", justification: "", consentId: "" };

const typing = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));

/**
 * Approve, request changes or reject the revision on screen. With blocking findings still standing,
 * approval needs a compliance officer's override: an overall justification plus, per finding, a
 * preset reason and a justification (and the consent, for "Consent on file"); all audited. The
 * override fields are controlled so a refused approval keeps what was written. Keyboard: a approve,
 * c comment for changes, j/n next post in the queue — never while typing in a field.
 */
export function DecisionPanel(props: {
  postId: string; revision: number; blocking: number; step: number | null; steps: number; nextHref?: string; decide: Bound;
  /** The standing blocking findings, for the per-finding override (compliance officers only). */
  blockingFindings?: BlockingFindingView[]; mayOverride?: boolean; overrideReasons?: Record<string, string>; minFindingJustification?: number; findConsents?: Bound;
}) {
  const [state, action, pending] = useActionState(props.decide, null);
  const [overrides, setOverrides] = useState<Record<string, OverrideValue>>({});
  const [justification, setJustification] = useState("");
  const blockingFindings = props.blockingFindings ?? [];
  const router = useRouter();
  const comment = useRef<HTMLTextAreaElement>(null);
  const override = useRef<HTMLTextAreaElement>(null);
  const approve = useRef<HTMLButtonElement>(null);
  const fields = state && !state.ok ? state.error.fields : undefined;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
      if (e.key === "a") {
        e.preventDefault();
        // With blocking findings the override must be written first: go there instead of failing.
        if (props.blocking > 0 && override.current && !override.current.value.trim()) override.current.focus();
        else approve.current?.click();
      } else if (e.key === "c") {
        e.preventDefault();
        comment.current?.focus();
      } else if ((e.key === "j" || e.key === "n") && props.nextHref) {
        e.preventDefault();
        router.push(props.nextHref);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [props.blocking, props.nextHref, router]);

  return (
    <form
      action={action} aria-label="Review decision" className="space-y-3" noValidate
      // Submitted by hand (as ActionForm does) so a refused approval does not reset what was written.
      onSubmit={(e) => {
        e.preventDefault();
        if (pending) return;
        const data = new FormData(e.currentTarget, (e.nativeEvent as SubmitEvent).submitter);
        startTransition(() => action(data));
      }}
    >
      <input type="hidden" name="postId" value={props.postId} />
      <input type="hidden" name="revision" value={props.revision} />
      {props.steps > 1 && props.step ? <p className="text-sm text-slate-600">Approval step {props.step} of {props.steps}</p> : null}
      <Field label="Comment for the author" name="decision-comment" error={fields?.comment} hint="Required when requesting changes or rejecting; the author sees it.">
        <textarea ref={comment} id="decision-comment" name="comment" rows={3} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-base sm:text-sm" />
      </Field>
      {props.blocking > 0 && props.mayOverride === false ? (
        <p className="text-sm text-amber-900" data-testid="override-officer-only">
          {props.blocking} blocking finding{props.blocking === 1 ? " stands" : "s stand"}: only a compliance officer can approve over {props.blocking === 1 ? "it" : "them"}. You can still request changes or reject.
        </p>
      ) : props.blocking > 0 ? (
        <div className="space-y-3">
          <Field label="Override justification" name="decision-override" error={fields?.overrideJustification}>
            <p id="override-why" className="text-xs text-amber-900">
              {props.blocking} blocking finding{props.blocking === 1 ? " stands" : "s stand"} and nobody dismissed {props.blocking === 1 ? "it" : "them"}. To approve anyway, explain why
              publishing is safe, then give a reason for each finding below. The justifications are audited.
            </p>
            <textarea ref={override} id="decision-override" name="overrideJustification" rows={3} value={justification} onChange={(e) => setJustification(e.target.value)} aria-describedby="override-why" className="block w-full rounded-md border border-amber-400 px-3 py-2 text-base sm:text-sm" />
          </Field>
          {blockingFindings.map((f) => (
            <OverrideFields
              key={f.id} finding={f} postId={props.postId} reasons={props.overrideReasons ?? {}} minLength={props.minFindingJustification ?? 10}
              value={overrides[f.id] ?? EMPTY} errors={fields} find={props.findConsents}
              onChange={(v) => setOverrides((all) => ({ ...all, [f.id]: { ...(all[f.id] ?? EMPTY), ...v } }))}
            />
          ))}
          {Object.keys(fields ?? {}).some((k) => k.startsWith("overrides.") && !blockingFindings.some((f) => k.startsWith(`overrides.${f.id}`))) ? (
            <Alert tone="error">The findings changed since this page was loaded: reload it.</Alert>
          ) : null}
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button ref={approve} type="submit" name="decision" value="APPROVE" disabled={pending}>Approve</Button>
        <Button type="submit" name="decision" value="REQUEST_CHANGES" variant="secondary" disabled={pending}>Request changes</Button>
        <Button type="submit" name="decision" value="REJECT" variant="danger" disabled={pending}>Reject</Button>
      </div>
      <p className="text-xs text-slate-500" data-testid="shortcut-help">
        Shortcuts: <kbd className="rounded border px-1">a</kbd> approve · <kbd className="rounded border px-1">c</kbd> comment / request changes
        {props.nextHref ? <> · <kbd className="rounded border px-1">j</kbd> or <kbd className="rounded border px-1">n</kbd> next in queue</> : null} (not while typing)
      </p>
      <div aria-live="polite">
        {state && !state.ok ? <Alert tone="error">{state.error.message}</Alert> : null}
        {state?.ok ? <Alert tone="success">{state.message}</Alert> : null}
      </div>
    </form>
  );
}
