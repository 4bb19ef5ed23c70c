import type { Metadata } from "next";
import Link from "next/link";
import { listMyCoachingNotes } from "@vetted/domain";
import { Card } from "@/components/ui";
import { orgTime } from "@/lib/dates";
import { pageTenant } from "@/lib/pages";

export const metadata: Metadata = { title: "My coaching notes" };

/** The signed-in member's own coaching notes in this org (reading them is audited and marks them read). */
export default async function CoachingNotesPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/groups/coaching`);
  const notes = await listMyCoachingNotes(ctx);
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/orgs/${ctx.org.slug}/groups`} className="text-sm text-brand-700 hover:underline">← Employee groups</Link>
        <h1 className="mt-2 text-2xl font-semibold">My coaching notes</h1>
        <p className="text-sm text-slate-600">Notes from the compliance officers about posts of yours in employee groups.</p>
      </div>
      <Card>
        {notes.length === 0 ? <p className="text-sm text-slate-600">No coaching notes.</p> : (
          <ul className="space-y-3" data-testid="my-coaching-notes">
            {notes.map((n) => (
              <li key={n.id} className="rounded border border-slate-200 p-3">
                <p className="text-xs text-slate-500">From {n.from} · {orgTime(n.createdAt, ctx.org.timeZone)}{n.unread ? <span className="ml-2 rounded bg-amber-100 px-1 text-amber-900">new</span> : null}</p>
                <p className="mt-1 whitespace-pre-wrap text-sm" data-testid="coaching-note-text">{n.text}</p>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
