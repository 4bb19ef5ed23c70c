import type { Metadata } from "next";
import Link from "next/link";
import { can, listRoster, syncRosterMembers } from "@vetted/domain";
import { NoAccess } from "@/components/no-access";
import { Card } from "@/components/ui";
import { orgTime } from "@/lib/dates";
import { pageTenant } from "@/lib/pages";
import { ActiveToggle, SendLinkButton } from "./roster-buttons";
import { RosterUpload } from "./roster-upload";

export const metadata: Metadata = { title: "Workforce roster" };

const STATE_LABEL = { acknowledged: "Acknowledged", pending: "Pending", overdue: "Overdue" } as const;

/** The people who must acknowledge the manual: members (synced) and workforce imported from CSV. */
export default async function RosterPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/policy/roster`);
  if (!can(ctx, "manual.manage")) return <NoAccess />;
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);
  // Members who joined since the last look appear (and get the current version) before the list is read.
  await syncRosterMembers(ctx);
  const roster = await listRoster(ctx, { page: one(sp.page) ?? "1", includeInactive: one(sp.inactive) === "1", ...(one(sp.department) !== undefined ? { department: one(sp.department) } : {}) });
  const base = `/orgs/${ctx.org.slug}/policy`;
  const tz = ctx.org.timeZone;
  const pages = Math.max(1, Math.ceil(roster.total / roster.pageSize));
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Workforce roster</h1>
          <p className="max-w-3xl text-sm text-slate-600">
            Everyone who must acknowledge the social media policy (45 CFR 164.530(b)): the organization&apos;s members, and staff without a Vetted account
            imported from a CSV. {roster.version ? `Status is for version ${roster.version.number}.` : "No version has been approved yet."}
          </p>
        </div>
        <Link href={`${base}/coverage`} className="text-sm font-medium text-brand-700 hover:underline">Coverage report →</Link>
      </div>
      <Card title="Import from CSV">
        <RosterUpload orgSlug={ctx.org.slug} />
      </Card>
      <Card title={`${roster.total} ${one(sp.inactive) === "1" ? "people" : "active people"}`} actions={
        <Link href={one(sp.inactive) === "1" ? `${base}/roster` : `${base}/roster?inactive=1`} className="text-sm text-brand-700 hover:underline">
          {one(sp.inactive) === "1" ? "Active only" : "Include inactive"}
        </Link>
      }>
        {roster.people.length === 0 ? <p className="text-sm text-slate-600">Nobody on the roster yet.</p> : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm" data-testid="roster-table">
              <thead className="text-xs uppercase text-slate-500">
                <tr><th className="py-2 pr-3">Name</th><th className="pr-3">Email</th><th className="pr-3">Department</th><th className="pr-3">Role</th><th className="pr-3">Status</th><th>Actions</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {roster.people.map((p) => (
                  <tr key={p.id} data-testid="roster-person" className={p.active ? "" : "text-slate-400"}>
                    <td className="py-2 pr-3">{p.name}{p.isMember ? <span className="ml-1 rounded bg-slate-100 px-1 text-xs text-slate-600">member</span> : null}</td>
                    <td className="pr-3">{p.email}</td>
                    <td className="pr-3">{p.department || "—"}</td>
                    <td className="pr-3">{p.jobRole || "—"}</td>
                    <td className="pr-3" data-testid="roster-status">
                      {!p.active ? "Inactive" : p.ack ? (
                        <>
                          {STATE_LABEL[p.ack.state]}{p.ack.cycle > 1 ? ` (renewal ${p.ack.cycle})` : ""}
                          <span className="block text-xs text-slate-500">
                            {p.ack.signedAt ? `signed ${orgTime(p.ack.signedAt, tz)}` : `due ${orgTime(p.ack.dueAt, tz)}${p.ack.linkLive ? " · link sent" : ""}`}
                            {p.required ? "" : " · not required (manual settings)"}
                          </span>
                        </>
                      ) : !p.required ? "Not required" : roster.version ? "Not assigned" : "—"}
                    </td>
                    <td className="flex flex-wrap gap-1 py-2">
                      {p.active && p.required && roster.version && !p.ack?.signedAt ? <SendLinkButton orgSlug={ctx.org.slug} personId={p.id} again={!!p.ack?.linkLive} /> : null}
                      {p.isMember ? null : <ActiveToggle orgSlug={ctx.org.slug} personId={p.id} active={p.active} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 ? (
          <nav aria-label="Roster pages" className="mt-3 flex gap-3 text-sm">
            {roster.page > 1 ? <Link href={`${base}/roster?page=${roster.page - 1}`} className="text-brand-700 hover:underline">Previous</Link> : null}
            <span>Page {roster.page} of {pages}</span>
            {roster.page < pages ? <Link href={`${base}/roster?page=${roster.page + 1}`} className="text-brand-700 hover:underline">Next</Link> : null}
          </nav>
        ) : null}
      </Card>
    </div>
  );
}
