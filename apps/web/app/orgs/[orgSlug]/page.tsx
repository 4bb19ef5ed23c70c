import type { Metadata } from "next";
import Link from "next/link";
import { can, getOrgOverview } from "@vetted/domain";
import { Card, roleLabel } from "@/components/ui";
import { pageTenant } from "@/lib/pages";

export const metadata: Metadata = { title: "Overview" };

export default async function OrgHomePage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug);
  const overview = await getOrgOverview(ctx);
  const base = `/orgs/${ctx.org.slug}`;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{ctx.org.name}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {overview.kind.replaceAll("_", " ").toLowerCase()} · you are {roleLabel(ctx.role).toLowerCase()} · automatic logoff after {ctx.org.idleTimeoutMinutes} idle minutes
        </p>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Card title="Members">
          <p className="text-3xl font-semibold" data-testid="member-count">{overview.members}</p>
          {can(ctx, "members.view") ? <Link className="mt-2 inline-block text-sm text-brand-700 underline" href={`${base}/members`}>Manage members</Link> : null}
        </Card>
        <Card title="Pending invitations">
          <p className="text-3xl font-semibold">{overview.pendingInvitations}</p>
        </Card>
        <Card title="Audit trail">
          <p className="text-3xl font-semibold">{overview.auditEvents}</p>
          <p className="text-sm text-slate-600">events recorded</p>
          {can(ctx, "audit.view") ? <Link className="mt-2 inline-block text-sm text-brand-700 underline" href={`${base}/audit`}>Open audit log</Link> : null}
        </Card>
      </div>
      {overview.recent ? (
        <Card title="Recent activity">
          <ul className="divide-y divide-slate-100 text-sm">
            {overview.recent.map((e) => (
              <li key={e.id} className="flex flex-wrap justify-between gap-2 py-2">
                <span className="font-mono text-xs text-slate-700">{e.action}</span>
                <time className="text-slate-500" dateTime={e.createdAt.toISOString()}>{e.createdAt.toISOString().replace("T", " ").slice(0, 16)} UTC</time>
              </li>
            ))}
            {overview.recent.length === 0 ? <li className="py-2 text-slate-500">Nothing yet.</li> : null}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
