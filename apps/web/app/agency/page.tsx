import type { Metadata } from "next";
import Link from "next/link";
import { listAgencyOrgs, listAgencyUsers, loadShell } from "@vetted/domain";
import { AppShell } from "@/components/app-shell";
import { Card } from "@/components/ui";
import { pageAgencyAdmin, pageUser } from "@/lib/pages";
import { assignMemberAction, createOrgAction } from "./actions";
import { AssignForm, CreateOrgForm } from "./agency-forms";

export const metadata: Metadata = { title: "Agency" };

export default async function AgencyPage() {
  const ctx = await pageAgencyAdmin();
  const [user, shell, orgs, users] = await Promise.all([pageUser("/agency"), loadShell(ctx.user.id), listAgencyOrgs(ctx), listAgencyUsers(ctx)]);
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
      </div>
    </AppShell>
  );
}
