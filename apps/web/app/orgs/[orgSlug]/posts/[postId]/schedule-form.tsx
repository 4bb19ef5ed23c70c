"use client";

import { useState } from "react";
import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

/** The browser's local time is converted to an ISO instant here, so the server never guesses a zone. */
export function ScheduleForm({ postId, revision, current, action }: { postId: string; revision: number; current: string | null; action: (p: ActionState, f: FormData) => Promise<ActionState> }) {
  const [iso, setIso] = useState(current ?? "");
  return (
    <ActionForm action={action} label="Schedule the post" className="space-y-2">
      {({ pending, fields }) => (
        <>
          <input type="hidden" name="postId" value={postId} />
          <input type="hidden" name="revision" value={revision} />
          <input type="hidden" name="scheduledAtIso" value={iso} />
          <label htmlFor="schedule-at" className="block text-sm font-medium text-slate-700">Publish at (your local time)</label>
          <input
            id="schedule-at"
            type="datetime-local"
            required
            aria-invalid={!!fields?.scheduledAt || undefined}
            onChange={(e) => setIso(e.target.value ? new Date(e.target.value).toISOString() : "")}
            className="block w-full rounded-md border border-slate-300 px-3 py-2 text-base sm:text-sm"
          />
          {fields?.scheduledAt ? <p className="text-sm text-red-700">{fields.scheduledAt.join(" ")}</p> : null}
          <Button type="submit" disabled={pending || !iso}>{current ? "Reschedule" : "Schedule"}</Button>
        </>
      )}
    </ActionForm>
  );
}
