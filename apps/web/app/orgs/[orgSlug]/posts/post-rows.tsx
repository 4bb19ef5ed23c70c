"use client";

import Link from "next/link";
import { StateBadge, VerdictBadge } from "@/components/post-badges";

// A client component on purpose, as the review queue's rows: its props are the rows' words, where a
// server component's markup travels again as its element tree in the page's RSC payload (bench:pages).

/** One post as the list shows it: plain text, computed on the server. */
export interface PostRow {
  id: string;
  href: string;
  title: string;
  state: string;
  verdict: string | null;
  channels: string;
  scheduled: string;
}

export function PostRows({ rows }: { rows: PostRow[] }) {
  return (
    <ul className="divide-y divide-slate-100">
      {rows.map((p) => (
        <li key={p.id} data-testid="post-row" className="flex flex-col gap-1 py-3 sm:flex-row sm:items-center sm:gap-4">
          <Link href={p.href} className="min-w-0 flex-1 truncate font-medium text-brand-700 underline-offset-2 hover:underline">{p.title}</Link>
          <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
            <StateBadge state={p.state} verdict={p.verdict} />
            <VerdictBadge verdict={p.verdict} state={p.state} />
            <span>{p.channels}</span>
            <span>{p.scheduled}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}
