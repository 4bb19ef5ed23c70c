"use client";

import { useState } from "react";
import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui";
import type { ActionState } from "@/lib/actions";
import { isoToZonedLocal, zonedLocalToIso } from "@/lib/dates";

/**
 * The time is picked as wall-clock time in the org's zone (a hospital in Chicago posts at 9:00
 * Chicago time, whoever schedules it from wherever) and sent as an ISO instant, so the server never
 * guesses a zone.
 */
export function ScheduleForm({ postId, revision, current, action, timeZone }: { postId: string; revision: number; current: string | null; action: (p: ActionState, f: FormData) => Promise<ActionState>; timeZone: string }) {
  const [local, setLocal] = useState(isoToZonedLocal(current, timeZone));
  const iso = zonedLocalToIso(local, timeZone);
  return (
    <ActionForm action={action} label="Schedule the post" className="space-y-2">
      {({ pending, fields }) => (
        <>
          <input type="hidden" name="postId" value={postId} />
          <input type="hidden" name="revision" value={revision} />
          <input type="hidden" name="scheduledAtIso" value={iso} />
          <label htmlFor="schedule-at" className="block text-sm font-medium text-slate-700">Publish at ({timeZone.replaceAll("_", " ")} time)</label>
          <input
            id="schedule-at"
            type="datetime-local"
            required
            aria-invalid={!!fields?.scheduledAt || undefined}
            value={local}
            onChange={(e) => setLocal(e.target.value)}
            className="block w-full rounded-md border border-slate-300 px-3 py-2 text-base sm:text-sm"
          />
          {fields?.scheduledAt ? <p className="text-sm text-red-700">{fields.scheduledAt.join(" ")}</p> : null}
          <Button type="submit" disabled={pending || !iso}>{current ? "Reschedule" : "Schedule"}</Button>
        </>
      )}
    </ActionForm>
  );
}
