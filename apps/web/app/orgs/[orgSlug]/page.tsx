import type { Metadata } from "next";
import Link from "next/link";
import { can, getOrgOverview } from "@vetted/domain";
import { Card, roleLabel } from "@/components/ui";
import { pageTenant } from "@/lib/pages";
import { auditSentence } from "@/lib/audit-words";
import { orgTime } from "@/lib/dates";

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
      {overview.consents ? (
        <Card title="Consents and removals">
          <ul className="grid gap-3 text-sm sm:grid-cols-4" data-testid="consent-attention">
            <li><Link className="text-brand-700 underline" href={`${base}/consents?expiring=1`}>{overview.consents.expiringSoon} expiring within 30 days</Link></li>
            <li><Link className="text-brand-700 underline" href={`${base}/consents?status=ACTIVE`}>{overview.consents.awaitingVerification} awaiting verification</Link></li>
            <li><Link className="text-brand-700 underline" href={`${base}/consents/requests`}>{overview.consents.pendingSignatures} signature requests pending</Link></li>
            <li className={overview.consents.openRemovalTasks.length ? "font-semibold text-red-700" : ""}>{overview.consents.openRemovalTasks.length} published posts to take down</li>
          </ul>
          {overview.consents.openRemovalTasks.length ? (
            <ul className="mt-3 space-y-1 text-sm">
              {overview.consents.openRemovalTasks.map((t) => (
                <li key={t.id}><Link className="text-brand-700 underline" href={`${base}/posts/${t.postId}`}>Removal checklist open since {t.createdAt.toISOString().slice(0, 10)}</Link></li>
              ))}
            </ul>
          ) : null}
        </Card>
      ) : null}
      {overview.recent ? (
        <Card title="Recent activity">
          <ul className="divide-y divide-slate-100 text-sm">
            {overview.recent.map((e) => (
              <li key={e.id} className="flex flex-wrap justify-between gap-2 py-2">
                <span className="text-slate-800">{auditSentence({ action: e.action, actorName: e.actorName, actorLabel: e.actorLabel, postTitle: null })}</span>
                <time className="text-slate-500" dateTime={e.createdAt.toISOString()}>{orgTime(e.createdAt, ctx.org.timeZone)}</time>
              </li>
            ))}
            {overview.recent.length === 0 ? <li className="py-2 text-slate-500">Nothing yet.</li> : null}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
