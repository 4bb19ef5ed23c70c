import type { Metadata } from "next";
import Link from "next/link";
import { listAgencyOrgs, listAgencyUsers, listDeadMails, loadShell } from "@vetted/domain";
import { AppShell } from "@/components/app-shell";
import { Card } from "@/components/ui";
import { pageAgencyAdmin, pageUser } from "@/lib/pages";
import { assignMemberAction, createOrgAction, retryMailAction } from "./actions";
import { AssignForm, CreateOrgForm, RetryMailForm } from "./agency-forms";

export const metadata: Metadata = { title: "Agency" };

export default async function AgencyPage() {
  const ctx = await pageAgencyAdmin();
  const [user, shell, orgs, users, deadMails] = await Promise.all([pageUser("/agency"), loadShell(ctx.user.id), listAgencyOrgs(ctx), listAgencyUsers(ctx), listDeadMails(ctx)]);
  return (
    <AppShell userName={shell.name} idleMinutes={user.idleMinutes} orgs={shell.orgs} agencyAdmin>
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">Agency administration</h1>
        <Card title="New client organization">
          <CreateOrgForm action={createOrgAction} />
        </Card>
        <Card title="Assign people to client organizations">
          <AssignForm action={assignMemberAction} orgs={orgs} users={users} />
        </Card>
        <Card title={`Client organizations (${orgs.length})`}>
          <ul className="divide-y divide-slate-100 text-sm">
            {orgs.map((o) => (
              <li key={o.id} className="flex justify-between gap-2 py-2">
                <Link href={`/orgs/${o.slug}`} className="text-brand-700 underline">{o.name}</Link>
                <span className="text-slate-600">{o.kind.replaceAll("_", " ").toLowerCase()} · {o.members} members</span>
              </li>
            ))}
          </ul>
        </Card>
        {/* A plain link, not next/link: the dashboard is a route handler (bull-board), not a page of this app. */}
        <Card title="Job queues">
          <p className="text-sm text-slate-600">
            Scans, comment events and screenshot OCR waiting, running or failed in the worker&apos;s queues (read-only; jobs carry ids only).{" "}
            <a href="/agency/queues" className="text-brand-700 underline">Open the queue dashboard</a>
          </p>
        </Card>
        {/* Addresses masked, no subject or body: they may name a patient's org or carry a working link. */}
        <Card title={`Undelivered mail (${deadMails.length})`}>
          {deadMails.length === 0 ? <p className="text-sm text-slate-600">Every mail was delivered or is still being retried.</p> : null}
          <ul className="divide-y divide-slate-100 text-sm" data-testid="dead-mails">
            {deadMails.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  To {m.to} · queued {m.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC · gave up after {m.attempts} attempts
                  {m.error ? <span className="text-slate-600"> · {m.error}</span> : null}
                </span>
                <RetryMailForm action={retryMailAction} mailId={m.id} />
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </AppShell>
  );
}
