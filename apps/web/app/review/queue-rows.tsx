"use client";

import Link from "next/link";
import { VerdictBadge } from "@/components/post-badges";

// A client component on purpose: its props are the rows' words (what the page computed on the server),
// where a server component's markup travels again as its element tree in the page's RSC payload and is
// rendered twice on the server (bench:pages: the queue's web CPU per page).

/** One queued post as the list shows it: plain text, computed on the server (no clock here). */
export interface QueueRow {
  id: string;
  href: string;
  title: string;
  thumbnailSrc: string | null;
  /** "Org · by Author · waiting 3 h · Facebook, X · step 2" */
  byline: string;
  topFinding: { text: string; blocking: boolean } | null;
  verdict: string | null;
  /** "2 name, 1 date · 1 face" */
  findings: string;
  scheduled: string;
}

export function QueueRows({ rows }: { rows: QueueRow[] }) {
  return (
    <ul className="divide-y divide-slate-100">
      {rows.map((r) => (
        <li key={r.id} data-testid="queue-item" className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:gap-4">
          {r.thumbnailSrc ? (
            <img src={r.thumbnailSrc} alt="" loading="lazy" className="size-14 shrink-0 rounded object-cover ring-1 ring-slate-200" />
          ) : (
            <div aria-hidden className="size-14 shrink-0 rounded bg-slate-100" />
          )}
          <div className="min-w-0 flex-1">
            <Link href={r.href} className="block truncate font-medium text-brand-700 hover:underline">{r.title}</Link>
            <p className="text-xs text-slate-600">{r.byline}</p>
            {r.topFinding ? (
              <p className={`text-xs ${r.topFinding.blocking ? "text-red-700" : "text-amber-800"}`} data-testid="top-finding">{r.topFinding.text}</p>
            ) : null}
          </div>
          <div className="flex flex-wrap items-center gap-2 text-xs text-slate-700">
            <VerdictBadge verdict={r.verdict} />
            <span>{r.findings}</span>
            <span>{r.scheduled}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}
