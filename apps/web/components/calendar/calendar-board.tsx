"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type DragEvent } from "react";
import type { ActionState } from "@/lib/actions";
import { WEEKDAYS, entriesByDay, longDay, shortDay, type CalendarView } from "@/lib/calendar";
import { Alert } from "../ui";
import { CalendarEntryCard, type CalendarEntry } from "./calendar-entry";

export type { CalendarEntry };
export type MoveAction = (orgSlug: string, prev: ActionState, formData: FormData) => Promise<ActionState>;

/** Why a refused move was refused, in the use case's own words (the field message when there is one). */
function reasonOf(result: ActionState): string {
  if (!result || result.ok) return "the move did not go through";
  const fields = Object.values(result.error.fields ?? {}).flat();
  return fields.length ? fields.join(" ") : result.error.message;
}

/**
 * The calendar's days with their posts. An approved or scheduled post is dragged (HTML5 drag and
 * drop) to another day, or moved with the date field in its card (keyboard, no drag); either way
 * the server moves it, keeping its time of day in its org's zone. The card shows on the new day at
 * once; a refusal puts it back and says why.
 */
export function CalendarBoard({ view, weeks, month, today, entries, crossOrg, move }: {
  view: CalendarView;
  weeks: string[][];
  month: string;
  today: string;
  entries: CalendarEntry[];
  crossOrg: boolean;
  move: MoveAction;
}) {
  const router = useRouter();
  const [moved, setMoved] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const dragging = useRef<CalendarEntry | null>(null);
  // Fresh entries from the server (after a move, or a navigation) replace the optimistic positions.
  useEffect(() => setMoved({}), [entries]);

  const placed = entries.map((e) => (moved[e.key] ? { ...e, date: moved[e.key]! } : e));
  const byDay = entriesByDay(placed);

  async function moveTo(entry: CalendarEntry, toDate: string) {
    if (toDate === entry.date || busy) return;
    setMoved((m) => ({ ...m, [entry.key]: toDate }));
    setMessage(null);
    setBusy(entry.key);
    const data = new FormData();
    data.set("postId", entry.postId);
    data.set("revision", String(entry.revision));
    data.set("toDate", toDate);
    let result: ActionState;
    try {
      result = await move(entry.orgSlug, null, data);
    } catch {
      result = { ok: false, error: { code: "INTERNAL", message: "The connection failed; try again" } };
    }
    setBusy(null);
    if (result?.ok) {
      setMessage({ tone: "success", text: `Moved “${entry.title}” to ${longDay(toDate)}, at the same time of day.` });
      router.refresh();
    } else {
      setMoved((m) => Object.fromEntries(Object.entries(m).filter(([k]) => k !== entry.key)));
      setMessage({ tone: "error", text: `“${entry.title}” was not moved and stays on ${longDay(entry.date)}: ${reasonOf(result)}` });
    }
  }

  const heads: readonly string[] = view === "week" ? weeks[0]!.map(shortDay) : WEEKDAYS;
  const onDrop = (date: string) => (e: DragEvent) => {
    e.preventDefault();
    setOver(null);
    const entry = dragging.current;
    dragging.current = null;
    if (entry) void moveTo(entry, date);
  };

  return (
    <div className="space-y-3">
      <div aria-live="polite" data-testid="calendar-message">
        {message ? <Alert tone={message.tone} role={message.tone === "error" ? "alert" : "status"}>{message.text}</Alert> : null}
      </div>
      <div role="table" aria-label={view === "month" ? "Month" : "Week"} aria-busy={!!busy || undefined} className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <div role="row" className="grid min-w-[44rem] grid-cols-7 border-b border-slate-200 bg-slate-50 text-xs font-medium text-slate-600">
          {heads.map((d) => <div key={d} role="columnheader" className="px-2 py-1.5">{d}</div>)}
        </div>
        {weeks.map((week) => (
          <div key={week[0]} role="row" className="grid min-w-[44rem] grid-cols-7 border-b border-slate-100 last:border-b-0">
            {week.map((date) => {
              const dayEntries = byDay.get(date) ?? [];
              const outside = view === "month" && !date.startsWith(month);
              return (
                <div
                  key={date}
                  role="cell"
                  data-testid="calendar-day"
                  data-date={date}
                  data-drop-target={over === date || undefined}
                  className={`border-r border-slate-100 p-1.5 last:border-r-0 ${view === "week" ? "min-h-64" : "min-h-28"} ${outside ? "bg-slate-50/70" : ""} ${over === date ? "bg-brand-50 ring-2 ring-inset ring-brand-500" : ""}`}
                  onDragOver={(e) => {
                    if (!dragging.current) return;
                    e.preventDefault();
                    e.dataTransfer.dropEffect = "move";
                    if (over !== date) setOver(date);
                  }}
                  onDragLeave={() => setOver((o) => (o === date ? null : o))}
                  onDrop={onDrop(date)}
                >
                  <span className="sr-only">{longDay(date)}{date === today ? " (today)" : ""}</span>
                  <div aria-hidden className={`mb-1 text-xs ${date === today ? "inline-flex rounded-full bg-brand-700 px-1.5 font-semibold text-white" : outside ? "text-slate-400" : "text-slate-600"}`}>
                    {view === "month" ? Number(date.slice(8)) : null}
                    {date === today ? <span className={view === "month" ? "ml-1" : ""}>Today</span> : null}
                  </div>
                  <ul className="space-y-1">
                    {dayEntries.map((entry) => (
                      <CalendarEntryCard
                        key={entry.key} entry={entry} crossOrg={crossOrg} detailed={view === "week"} moving={busy === entry.key}
                        onDragStart={() => { dragging.current = entry; }}
                        onDragEnd={() => { dragging.current = null; setOver(null); }}
                        onMove={(toDate) => void moveTo(entry, toDate)}
                      />
                    ))}
                  </ul>
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
