"use client";

import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

export function CommentForm({ postId, action }: { postId: string; action: (p: ActionState, f: FormData) => Promise<ActionState> }) {
  return (
    <ActionForm action={action} label="Add a comment" className="space-y-2">
      {({ pending, fields }) => (
        <>
          <input type="hidden" name="postId" value={postId} />
          <label htmlFor="comment-body" className="block text-sm font-medium text-slate-700">Add a comment</label>
          <textarea id="comment-body" name="body" rows={2} required aria-invalid={!!fields?.body || undefined} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-base sm:text-sm" />
          <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Posting…" : "Comment"}</Button>
        </>
      )}
    </ActionForm>
  );
}
