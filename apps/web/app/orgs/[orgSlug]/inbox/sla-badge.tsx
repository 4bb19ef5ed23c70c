import { orgTime } from "@/lib/dates";

type Sla = { dueAt: Date; state: "on_time" | "due_soon" | "overdue" };

const TONE = { on_time: "text-slate-600", due_soon: "font-medium text-amber-800", overdue: "font-medium text-red-700" } as const;

/**
 * The comment's first-response deadline (the org's SLA), in the org's time zone: "respond by …",
 * amber within its last 30 minutes, "Overdue" once passed. Nothing once someone has responded.
 */
export function SlaBadge({ sla, timeZone }: { sla: Sla | null; timeZone: string }) {
  if (!sla) return null;
  const at = orgTime(sla.dueAt, timeZone);
  return (
    <span data-testid="sla-due" data-state={sla.state} data-due-at={sla.dueAt.toISOString()} className={TONE[sla.state]}>
      {sla.state === "overdue" ? `Overdue: first response was due ${at}` : `First response due ${at}${sla.state === "due_soon" ? " (soon)" : ""}`}
    </span>
  );
}
