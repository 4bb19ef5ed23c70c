import type { Metadata } from "next";
import Link from "next/link";
import { countWaitingPosts, loadShell } from "@vetted/domain";
import { AppShell } from "@/components/app-shell";
import { roleLabel } from "@/components/ui";
import { pageUser } from "@/lib/pages";

export const metadata: Metadata = { title: "Organizations" };

export default async function OrgsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await pageUser("/orgs");
  const [shell, params, work] = await Promise.all([loadShell(user.userId), searchParams, countWaitingPosts(user.userId)]);
  const { orgs } = shell;
  const q = typeof params.q === "string" ? params.q.trim().toLowerCase().slice(0, 100) : "";
  const shown = q ? orgs.filter((o) => o.name.toLowerCase().includes(q)) : orgs;
  return (
    <AppShell userName={shell.name} idleMinutes={user.idleMinutes} orgs={orgs} agencyAdmin={shell.agencyAdmin}>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-semibold">Your organizations</h1>
        <form role="search" className="flex gap-2">
          <label htmlFor="q" className="sr-only">
            Search organizations
          </label>
          <input id="q" name="q" defaultValue={q} placeholder="Search by name" className="w-56 rounded-md border border-slate-300 px-3 py-1.5 text-sm" />
          <button className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm">Search</button>
        </form>
      </div>
      {orgs.length === 0 ? (
        <p className="mt-6 text-slate-600">You are not a member of any organization yet. Ask an admin to invite you.</p>
      ) : (
        <ul className="mt-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {shown.map((o) => (
            <li key={o.id}>
              <Link href={`/orgs/${o.slug}`} className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-brand-600">
                <p className="font-medium">{o.name}</p>
                <p className="mt-1 text-sm text-slate-600">
                  {o.kind.replaceAll("_", " ").toLowerCase()} · {roleLabel(o.role)}
                </p>
                <p className="mt-2 flex flex-wrap gap-2 text-xs" data-testid="org-counts">
                  <span className="rounded bg-indigo-50 px-1.5 py-0.5 text-indigo-800">{work.get(o.id)?.waiting ?? 0} waiting for review</span>
                  {work.get(o.id)?.overdue ? (
                    <span className="rounded bg-red-50 px-1.5 py-0.5 text-red-800" title="Waiting more than 2 days, or scheduled within 24 hours">
                      {work.get(o.id)?.overdue} overdue
                    </span>
                  ) : null}
                </p>
              </Link>
            </li>
          ))}
          {shown.length === 0 ? <li className="text-slate-600">No organization matches that search.</li> : null}
        </ul>
      )}
    </AppShell>
  );
}

