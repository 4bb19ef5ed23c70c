"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Bound = (p: ActionState, f: FormData) => Promise<ActionState>;

const typing = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));

/**
 * Hide/unhide, delete (confirmed), resolve, escalate, needs reply, assign to me. Keyboard, never
 * while typing: j/k next/previous comment, h hide, e resolve, r write a reply.
 */
export function CommentActions(props: { commentId: string; hidden: boolean; deleted: boolean; assignedToMe: boolean; nextHref?: string; prevHref?: string; decide: Bound }) {
  const router = useRouter();
  const hide = useRef<HTMLButtonElement>(null);
  const resolve = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
      const go = (href?: string) => (href ? router.push(href) : undefined);
      const act: Record<string, () => void> = {
        j: () => go(props.nextHref),
        k: () => go(props.prevHref),
        h: () => hide.current?.click(),
        e: () => resolve.current?.click(),
        r: () => (document.getElementById("private-reply-text") ?? document.getElementById("public-reply-text"))?.focus(),
      };
      if (!act[e.key]) return;
      e.preventDefault();
      act[e.key]!();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [props.nextHref, props.prevHref, router]);

  return (
    <div className="space-y-3">
      <ActionForm action={props.decide} label="Moderate the comment">
        {({ pending }) => (
          <div className="flex flex-wrap gap-2">
            <input type="hidden" name="commentId" value={props.commentId} />
            {props.deleted ? null : props.hidden ? (
              <Button type="submit" name="action" value="unhide" variant="secondary" disabled={pending}>Unhide</Button>
            ) : (
              <Button ref={hide} type="submit" name="action" value="hide" disabled={pending}>Hide</Button>
            )}
            <Button ref={resolve} type="submit" name="action" value="resolve" variant="secondary" disabled={pending}>Resolve</Button>
            <Button type="submit" name="action" value="needs_reply" variant="secondary" disabled={pending}>Needs reply</Button>
            <Button type="submit" name="action" value="escalate" variant="secondary" disabled={pending}>Escalate</Button>
            <Button type="submit" name="action" value={props.assignedToMe ? "unassign" : "assign"} variant="ghost" disabled={pending}>
              {props.assignedToMe ? "Unassign me" : "Assign to me"}
            </Button>
          </div>
        )}
      </ActionForm>
      {props.deleted ? null : (
        <ActionForm action={props.decide} label="Delete the comment" confirm="Delete this comment on the platform? A copy is kept for the audit trail; this cannot be undone.">
          {({ pending }) => (
            <>
              <input type="hidden" name="commentId" value={props.commentId} />
              <Button type="submit" name="action" value="delete" variant="danger" disabled={pending}>Delete…</Button>
            </>
          )}
        </ActionForm>
      )}
      <p className="text-xs text-slate-500" data-testid="shortcut-help">
        Shortcuts: <kbd className="rounded border px-1">j</kbd>/<kbd className="rounded border px-1">k</kbd> next/previous · <kbd className="rounded border px-1">h</kbd> hide ·{" "}
        <kbd className="rounded border px-1">e</kbd> resolve · <kbd className="rounded border px-1">r</kbd> reply (not while typing)
      </p>
    </div>
  );
}
