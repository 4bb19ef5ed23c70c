import { DECIDED_STATES, postStatusLabel, stateLabel } from "@/lib/post-status";

const STATE_STYLE: Record<string, string> = {
  DRAFT: "bg-slate-100 text-slate-700 ring-slate-300",
  SCANNING: "bg-sky-50 text-sky-800 ring-sky-300",
  SCAN_FAILED: "bg-red-50 text-red-800 ring-red-300",
  IN_REVIEW: "bg-indigo-50 text-indigo-800 ring-indigo-300",
  CHANGES_REQUESTED: "bg-amber-50 text-amber-900 ring-amber-300",
  APPROVED: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  REJECTED: "bg-red-50 text-red-800 ring-red-300",
  SCHEDULED: "bg-teal-50 text-teal-800 ring-teal-300",
  PUBLISHED: "bg-emerald-100 text-emerald-900 ring-emerald-400",
  EXPIRED: "bg-slate-100 text-slate-500 ring-slate-300",
};

export { stateLabel };

const OVERRIDDEN_STYLE = "bg-amber-50 text-amber-900 ring-amber-400";

export function StateBadge({ state, verdict }: { state: string; verdict?: string | null }) {
  const { label, overridden } = postStatusLabel(state, verdict);
  const style = overridden ? OVERRIDDEN_STYLE : (STATE_STYLE[state] ?? STATE_STYLE.DRAFT);
  return <span data-testid="post-state" className={`inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style}`}>{label}</span>;
}

const VERDICT: Record<string, [string, string]> = {
  block: ["Blocked by scan", "bg-red-600 text-white"],
  review: ["Needs review", "bg-amber-400 text-amber-950"],
  allow: ["Scan clean", "bg-emerald-600 text-white"],
};

/** The scan's verdict while it still matters; once a post is approved over it, StateBadge says so instead. */
export function VerdictBadge({ verdict, state }: { verdict: string | null; state?: string }) {
  if (state && DECIDED_STATES.has(state) && verdict === "block") return null;
  if (!verdict) return <span className="text-xs text-slate-500">not scanned</span>;
  const [label, style] = VERDICT[verdict] ?? [verdict, "bg-slate-200"];
  return <span className={`inline-flex whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ${style}`}>{label}</span>;
}

/** Times are shown in UTC on the server-rendered pages, always saying so. */
export const utc = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—");
