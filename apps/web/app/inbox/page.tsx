import type { Metadata } from "next";
import Link from "next/link";
import { listAgencyInbox, loadShell } from "@vetted/domain";
import { AppShell } from "@/components/app-shell";
import { Card } from "@/components/ui";
import { pageUser } from "@/lib/pages";
import { TAB_KEYS, TAB_LABELS } from "../orgs/[orgSlug]/inbox/labels";

export const metadata: Metadata = { title: "All inboxes" };

/** Every client org the caller moderates comments in, with its counts per tab; the comments are in each org's inbox. */
export default async function AllInboxesPage() {
  const user = await pageUser("/inbox");
  const [shell, rows] = await Promise.all([loadShell(user.userId), listAgencyInbox(user.userId)]);
  return (
    <AppShell userName={shell.name} idleMinutes={user.idleMinutes} orgs={shell.orgs} agencyAdmin={shell.agencyAdmin}>
      <div className="space-y-6">
        <div>
          <h1 className="text-2xl font-semibold">All inboxes</h1>
          <p className="text-sm text-slate-600">Comments waiting in the {rows.length} organization{rows.length === 1 ? "" : "s"} you moderate, busiest first.</p>
        </div>
        <Card>
          {rows.length === 0 ? <p className="text-sm text-slate-600">You moderate comments in no organization.</p> : (
            <table className="w-full text-left text-sm" data-testid="agency-inbox">
              <thead>
                <tr className="border-b border-slate-200 text-xs text-slate-500">
                  <th className="py-2">Organization</th>
                  {TAB_KEYS.map((k) => <th key={k} className="py-2">{TAB_LABELS[k]}</th>)}
                  <th className="py-2">Assigned to me</th>
                  <th className="py-2">Overdue</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.org.slug} className="border-b border-slate-100" data-testid="agency-inbox-row">
                    <td className="py-2"><Link href={`/orgs/${r.org.slug}/inbox`} className="font-medium text-brand-700 hover:underline">{r.org.name}</Link></td>
                    {TAB_KEYS.map((k) => (
                      <td key={k} className="py-2"><Link href={`/orgs/${r.org.slug}/inbox?tab=${k}`} className="hover:underline">{r.counts[k]}</Link></td>
                    ))}
                    <td className="py-2"><Link href={`/orgs/${r.org.slug}/inbox?assigned=me`} className="hover:underline">{r.assignedToMe}</Link></td>
                    <td className={`py-2 ${r.overdue ? "font-medium text-red-700" : ""}`} data-testid="agency-inbox-overdue">{r.overdue}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </AppShell>
  );
}
