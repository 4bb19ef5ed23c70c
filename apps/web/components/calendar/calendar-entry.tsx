"use client";

import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { calendarStateStyle } from "./calendar-states";

/** One post on the calendar, as the server prepared it: labels already in its org's zone, no text of the post. */
export interface CalendarEntry {
  /** orgSlug/postId: unique across the cross-client calendar. */
  key: string;
  postId: string;
  orgSlug: string;
  orgName: string;
  title: string;
  state: string;
  channels: string;
  revision: number;
  /** ISO instant, for ordering. */
  at: string;
  /** Its date in its org's zone: the day it is shown on. */
  date: string;
  /** "9:00 AM CST". */
  time: string;
  /** "Dec 10, 2026, 9:00 AM CST". */
  when: string;
  published: string | null;
  href: string;
  movable: boolean;
  /** Why it cannot be moved, when it cannot. */
  fixed: string | null;
}

/**
 * A post's card: its state as symbol and word (colour is an extra), time, title and, across
 * clients, its organization. Opening it shows the details and a "Move to" date field, the way to
 * move a post without dragging.
 */
export function CalendarEntryCard({ entry, crossOrg, detailed, moving, onDragStart, onDragEnd, onMove }: {
  entry: CalendarEntry;
  crossOrg: boolean;
  detailed: boolean;
  moving: boolean;
  onDragStart: () => void;
  onDragEnd: () => void;
  onMove: (toDate: string) => void;
}) {
  const style = calendarStateStyle(entry.state);
  const [toDate, setToDate] = useState(entry.date);
  useEffect(() => setToDate(entry.date), [entry.date]);
  const id = useId();
  return (
    <li
      data-testid="calendar-entry"
      data-post-id={entry.postId}
      data-state={entry.state}
      draggable={entry.movable && !moving}
      onDragStart={(e) => {
        e.dataTransfer.setData("text/plain", entry.key);
        e.dataTransfer.effectAllowed = "move";
        onDragStart();
      }}
      onDragEnd={onDragEnd}
      className={`relative rounded border-2 text-xs ${style.className} ${entry.movable ? "cursor-grab active:cursor-grabbing" : ""} ${moving ? "opacity-60" : ""}`}
    >
      <details className="group">
        <summary className="cursor-pointer list-none px-1.5 py-1 [&::-webkit-details-marker]:hidden">
          <span className="flex items-center gap-1 font-medium">
            <span aria-hidden>{style.symbol}</span>
            <span>{style.label}</span>
            <span className="ml-auto whitespace-nowrap font-normal" data-testid="calendar-entry-time">{entry.time}</span>
          </span>
          <span className={`block ${detailed ? "" : "truncate"} text-slate-900`} data-testid="calendar-entry-title">{entry.title}</span>
          {crossOrg ? <span className="block truncate text-slate-700" data-testid="calendar-entry-org">{entry.orgName}</span> : null}
          {detailed ? <span className="block text-slate-600">{entry.channels}</span> : null}
          {moving ? <span className="block italic">Moving…</span> : null}
        </summary>
        <div className="absolute left-0 top-full z-20 mt-1 w-64 space-y-2 rounded-md border border-slate-200 bg-white p-3 text-sm text-slate-800 shadow-lg">
          <Link href={entry.href} className="block font-medium text-brand-700 underline">{entry.title}</Link>
          <dl className="grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5 text-xs">
            {crossOrg ? (<><dt className="text-slate-500">Client</dt><dd>{entry.orgName}</dd></>) : null}
            <dt className="text-slate-500">State</dt><dd>{style.label}</dd>
            <dt className="text-slate-500">{entry.state === "PUBLISHED" ? "Planned" : "Time"}</dt><dd>{entry.when}</dd>
            {entry.published ? (<><dt className="text-slate-500">Published</dt><dd>{entry.published}</dd></>) : null}
            <dt className="text-slate-500">Channels</dt><dd>{entry.channels}</dd>
          </dl>
          {entry.movable ? (
            <form
              className="flex items-end gap-2"
              aria-label={`Move “${entry.title}”`}
              onSubmit={(e) => {
                e.preventDefault();
                if (toDate) onMove(toDate);
              }}
            >
              <div className="flex-1">
                <label htmlFor={`${id}-to`} className="block text-xs font-medium text-slate-700">Move to…</label>
                <input id={`${id}-to`} type="date" required value={toDate} onChange={(e) => setToDate(e.target.value)} className="block w-full rounded border border-slate-300 px-2 py-1 text-sm" />
              </div>
              <button type="submit" disabled={moving || !toDate || toDate === entry.date} className="rounded-md bg-brand-600 px-2.5 py-1.5 text-xs font-medium text-white hover:bg-brand-700 disabled:opacity-50">
                Move
              </button>
            </form>
          ) : entry.fixed ? <p className="text-xs text-slate-600">{entry.fixed}</p> : null}
          {entry.movable ? <p className="text-xs text-slate-500">On its new day it keeps its time of day, {entry.time}.</p> : null}
        </div>
      </details>
    </li>
  );
}
