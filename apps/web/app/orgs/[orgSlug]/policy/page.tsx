import type { Metadata } from "next";
import Link from "next/link";
import { can, getPolicyManual, listMembers, type PolicyVersionSummary } from "@vetted/domain";
import { NoAccess } from "@/components/no-access";
import { Alert, Card } from "@/components/ui";
import { orgTime } from "@/lib/dates";
import { pageTenant } from "@/lib/pages";
import { startDraftAction, updateManualSettingsAction } from "./actions";
import { hashPrefix, proposedByText, VERSION_STATUS_LABELS } from "./labels";
import { ManualSettingsForm } from "./manual-settings-form";
import { StartDraftForm } from "./versions/[versionId]/review-forms";

export const metadata: Metadata = { title: "Social media policy" };

/** The org's social media policy & procedures manual: the version in force, the open draft, every version. */
export default async function PolicyPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/policy`);
  if (!can(ctx, "manual.read")) return <NoAccess />;
  const m = await getPolicyManual(ctx);
  const base = `/orgs/${ctx.org.slug}/policy`;
  const pdf = (v: PolicyVersionSummary) => `/api/orgs/${ctx.org.slug}/policy/versions/${v.id}/pdf`;
  const tz = ctx.org.timeZone;
  const members = m.may.manage ? await listMembers(ctx) : [];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Social media policy</h1>
          <p className="max-w-3xl text-sm text-slate-600">
            The written policies and procedures of 45 CFR 164.530(i). Sections marked &ldquo;from settings&rdquo; mirror the organization&apos;s
            approval policy, templates and moderation settings and change with them; every version is kept for six years.
          </p>
        </div>
        <nav aria-label="Policy pages" className="flex flex-wrap gap-3 text-sm font-medium">
          <Link href={`${base}/acknowledge`} className="text-brand-700 hover:underline">My acknowledgement</Link>
          {m.may.manage ? (
            <>
              <Link href={`${base}/roster`} className="text-brand-700 hover:underline">Workforce roster</Link>
              <Link href={`${base}/coverage`} className="text-brand-700 hover:underline">Coverage</Link>
              <Link href={`${base}/quiz`} className="text-brand-700 hover:underline">Quiz</Link>
              <Link href={`${base}/training`} className="text-brand-700 hover:underline">Training records</Link>
            </>
          ) : null}
        </nav>
      </div>
      {!m.manual ? <Alert tone="info">No policy manual has been started for this organization yet. An admin or compliance officer starts it here.</Alert> : null}
      {m.manual ? (
        <Card title="In force">
          {m.effective ? (
            <div className="space-y-1 text-sm" data-testid="policy-effective">
              <p>
                <Link href={`${base}/versions/${m.effective.id}`} className="font-medium text-brand-700 hover:underline">Version {m.effective.number}</Link>
                {" "}· effective {orgTime(m.effective.effectiveAt, tz)} · approved by {m.effective.approvedBy}
              </p>
              <p className="text-xs text-slate-600">SHA-256 <span className="font-mono" data-testid="policy-effective-hash">{m.effective.contentSha256}</span></p>
              <p><a href={pdf(m.effective)} className="text-sm text-brand-700 hover:underline">Download PDF</a></p>
            </div>
          ) : <p className="text-sm text-slate-600">No version has been approved yet.</p>}
          {m.upcoming ? (
            <p className="mt-3 text-sm text-slate-700">
              Next: <Link href={`${base}/versions/${m.upcoming.id}`} className="text-brand-700 hover:underline">version {m.upcoming.number}</Link> takes effect {orgTime(m.upcoming.effectiveAt, tz)}.
            </p>
          ) : null}
        </Card>
      ) : null}
      {m.open ? (
        <Card title={m.open.status === "IN_REVIEW" ? "In review" : "Open draft"}>
          <div className="space-y-1 text-sm" data-testid="policy-open">
            <p>
              <Link href={`${base}/versions/${m.open.id}`} className="font-medium text-brand-700 hover:underline">Version {m.open.number}</Link>
              {" "}· {VERSION_STATUS_LABELS[m.open.status]} · {proposedByText(m.open.proposedBy)}
            </p>
            {m.open.changeSummary ? <p className="text-slate-600">{m.open.changeSummary}</p> : null}
            {m.open.returnReason && m.open.status === "DRAFT" ? <Alert tone="warning">Returned: {m.open.returnReason}</Alert> : null}
          </div>
        </Card>
      ) : null}
      {m.manual && m.may.manage && !m.open ? (
        <Card title="New version">
          <p className="mb-2 text-sm text-slate-600">No draft is open. Start one from the newest approved text to change the manual.</p>
          <StartDraftForm start={startDraftAction.bind(null, ctx.org.slug)} />
        </Card>
      ) : null}
      {m.manual && m.may.manage ? (
        <Card title="Manual settings">
          <ManualSettingsForm
            action={updateManualSettingsAction.bind(null, ctx.org.slug)}
            members={members.map((x) => ({ id: x.user.id, name: x.user.name }))}
            values={{
              ownerId: m.manual.ownerId ?? "", reviewDueAt: m.manual.reviewDueAt?.toISOString().slice(0, 10) ?? "", ackCadenceDays: m.manual.ackCadenceDays,
              ackDueDays: m.manual.ackDueDays, ackDepartments: m.manual.ackDepartments, ackJobRoles: m.manual.ackJobRoles, quizPassPercent: m.manual.quizPassPercent,
            }}
            scopeOptions={m.scopeOptions}
          />
        </Card>
      ) : null}
      {m.manual ? (
        <Card title="Versions">
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm" data-testid="policy-versions">
              <thead className="text-xs uppercase text-slate-500">
                <tr><th className="py-2 pr-4">Version</th><th className="py-2 pr-4">Status</th><th className="py-2 pr-4">Effective</th><th className="py-2 pr-4">SHA-256</th><th className="py-2 pr-4">Approved by</th><th className="py-2">PDF</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {m.versions.map((v) => (
                  <tr key={v.id} data-testid="policy-version-row" data-version-id={v.id}>
                    <td className="py-2 pr-4"><Link href={`${base}/versions/${v.id}`} className="text-brand-700 hover:underline">v{v.number}</Link></td>
                    <td className="py-2 pr-4">{VERSION_STATUS_LABELS[v.status] ?? v.status}</td>
                    <td className="py-2 pr-4">{v.effectiveAt ? orgTime(v.effectiveAt, tz) : "—"}</td>
                    <td className="py-2 pr-4 font-mono text-xs" title={v.contentSha256 ?? undefined}>{hashPrefix(v.contentSha256)}</td>
                    <td className="py-2 pr-4">{v.approvedBy ?? "—"}</td>
                    <td className="py-2"><a href={pdf(v)} className="text-brand-700 hover:underline">PDF</a></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      ) : null}
    </div>
  );
}
