import Link from "next/link";
import { APPROVAL_CLOSES_MINUTES } from "@vetted/domain";
import type { ReactNode } from "react";
import type { CalendarPeriod } from "@/lib/calendar";
import { Alert } from "../ui";
import { CalendarBoard, type CalendarEntry, type MoveAction } from "./calendar-board";
import { CALENDAR_STATE_ORDER, CALENDAR_STATE_STYLES } from "./calendar-states";

const linkClass = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50";

/**
 * The content calendar's page body, for one org and across clients alike: the period and its
 * navigation (previous, today, next; month or week, all in the URL), the legend and the board.
 */
export function CalendarFrame({ title, intro, basePath, period, today, entries, crossOrg, move }: {
  title: string;
  intro: ReactNode;
  basePath: string;
  period: CalendarPeriod;
  today: string;
  entries: CalendarEntry[];
  crossOrg: boolean;
  move: MoveAction;
}) {
  const href = (query: string) => `${basePath}${query}`;
  const viewLink = (view: "month" | "week", label: string) => (
    <Link href={href(period.links[view])} aria-current={period.view === view ? "page" : undefined}
      className={`px-3 py-1.5 text-sm font-medium ${period.view === view ? "bg-brand-700 text-white" : "bg-white text-slate-800 hover:bg-slate-50"}`}>
      {label}
    </Link>
  );
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">{title}</h1>
        <p className="text-sm text-slate-600">{intro}</p>
      </div>
      {period.notice ? <Alert tone="warning">{period.notice}</Alert> : null}
      <nav aria-label="Calendar period" className="flex flex-wrap items-center gap-2">
        <Link href={href(period.links.prev)} className={linkClass} rel="prev">← Previous {period.view}</Link>
        <Link href={href(period.links.today)} className={linkClass}>Today</Link>
        <Link href={href(period.links.next)} className={linkClass} rel="next">Next {period.view} →</Link>
        <h2 className="mx-2 text-lg font-semibold" data-testid="calendar-period">{period.label}</h2>
        <div role="group" aria-label="View" className="ml-auto inline-flex overflow-hidden rounded-md border border-slate-300">
          {viewLink("month", "Month")}
          {viewLink("week", "Week")}
        </div>
      </nav>
      <CalendarBoard view={period.view} weeks={period.weeks} month={period.month} today={today} entries={entries} crossOrg={crossOrg} move={move} />
      <section aria-labelledby="calendar-legend" className="rounded-lg border border-slate-200 bg-white p-3">
        <h2 id="calendar-legend" className="text-sm font-semibold">Legend</h2>
        <ul className="mt-2 grid gap-2 text-xs sm:grid-cols-2" data-testid="calendar-legend">
          {CALENDAR_STATE_ORDER.map((state) => {
            const style = CALENDAR_STATE_STYLES[state]!;
            return (
              <li key={state} className="flex items-center gap-2">
                <span className={`inline-flex min-w-28 items-center gap-1 rounded border-2 px-1.5 py-0.5 font-medium ${style.className}`}>
                  <span aria-hidden>{style.symbol}</span> {style.label}
                </span>
                <span className="text-slate-700">{style.meaning}</span>
              </li>
            );
          })}
        </ul>
        <p className="mt-2 text-xs text-slate-600">
          Drag an approved or scheduled post to another day, or open it and use “Move to…”: it keeps its time of day and its approval.
          A time less than {APPROVAL_CLOSES_MINUTES} minutes away, or after a consent of someone shown ends, is refused and the post stays where it was.
        </p>
      </section>
    </div>
  );
}
