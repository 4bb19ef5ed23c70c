"use client";

import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

export interface RemovalTaskItem {
  id: string;
  reason: string;
  assignee: string;
  createdAt: string;
  completedAt: string | null;
  mayComplete: boolean;
  checklist: { id: string; label: string; doneAt: string | null }[];
}

const utc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** A published post whose consent was withdrawn must come down: the checklist, ticked as it is done. */
export function RemovalTasks({ tasks, complete }: { tasks: RemovalTaskItem[]; complete: (p: ActionState, f: FormData) => Promise<ActionState> }) {
  return (
    <div className="space-y-4" data-testid="removal-tasks">
      {tasks.map((t) => (
        <div key={t.id} className="space-y-2 text-sm">
          <p>
            <span className="font-semibold">{t.completedAt ? "Done" : "Take this post down"}</span>: its consent was {t.reason.toLowerCase()}.{" "}
            Assigned to {t.assignee} on {utc(t.createdAt)}{t.completedAt ? `, completed ${utc(t.completedAt)}` : ""}.
          </p>
          <ActionForm action={complete} label="Removal checklist" className="space-y-2">
            {({ pending }) => (
              <>
                <input type="hidden" name="taskId" value={t.id} />
                <ul className="space-y-1">
                  {t.checklist.map((item) => (
                    <li key={item.id}>
                      <label className="flex items-start gap-2">
                        <input type="checkbox" name="done" value={item.id} defaultChecked={!!item.doneAt} disabled={!!item.doneAt || !t.mayComplete} className="mt-1" />
                        <span className={item.doneAt ? "text-slate-500 line-through" : ""}>{item.label}</span>
                      </label>
                    </li>
                  ))}
                </ul>
                {t.mayComplete ? <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Saving…" : "Save progress"}</Button> : null}
              </>
            )}
          </ActionForm>
        </div>
      ))}
    </div>
  );
}
