import type { Metadata } from "next";
import Link from "next/link";
import { hasRecentReauth } from "@vetted/auth";
import { can, getPolicyCoverage } from "@vetted/domain";
import { NoAccess } from "@/components/no-access";
import { ReauthPrompt } from "@/components/reauth-prompt";
import { Alert, Card } from "@/components/ui";
import { orgTime } from "@/lib/dates";
import { pageTenant } from "@/lib/pages";

export const metadata: Metadata = { title: "Policy coverage" };

const STATE_LABEL = { acknowledged: "Acknowledged", pending: "Pending", overdue: "Overdue" } as const;

/** Who has acknowledged the version in effect: by department, then by person; CSV download. */
export default async function CoveragePage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/policy/coverage`);
  if (!can(ctx, "manual.manage")) return <NoAccess />;
  const coverage = await getPolicyCoverage(ctx);
  const tz = ctx.org.timeZone;
  const t = coverage.totals;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Policy acknowledgement coverage</h1>
          <p className="text-sm text-slate-600">
            {coverage.version
              ? `Version ${coverage.version.number}, in effect since ${orgTime(coverage.version.effectiveAt, tz)}: ${t.acknowledged} of ${t.people} acknowledged.`
              : "No version of the manual is in effect yet."}
          </p>
          {coverage.scope.departments.length || coverage.scope.jobRoles.length ? (
            <p className="text-xs text-slate-500" data-testid="coverage-scope">
              Counting only those who must acknowledge (manual settings):{" "}
              {[coverage.scope.departments.length ? `departments ${coverage.scope.departments.join(", ")}` : "", coverage.scope.jobRoles.length ? `roles ${coverage.scope.jobRoles.join(", ")}` : ""].filter(Boolean).join("; ")}.
            </p>
          ) : null}
        </div>
        <div className="flex gap-4 text-sm">
          <Link href={`/orgs/${ctx.org.slug}/policy/roster`} className="font-medium text-brand-700 hover:underline">Roster</Link>
          <Link href={`/orgs/${ctx.org.slug}/policy/training`} className="font-medium text-brand-700 hover:underline">Training records &amp; evidence pack</Link>
          {coverage.version ? <a href={`/api/orgs/${ctx.org.slug}/policy/coverage/export`} className="font-medium text-brand-700 hover:underline" download>Download CSV</a> : null}
          {coverage.version ? <a href={`/api/orgs/${ctx.org.slug}/policy/reports/coverage?format=pdf`} className="font-medium text-brand-700 hover:underline" download>Download PDF</a> : null}
        </div>
      </div>
      {/* The downloads are sensitive exports (issue 15): with a stale session, confirm first, then download. */}
      {coverage.version && !(await hasRecentReauth()) ? <ReauthPrompt /> : null}
      {!coverage.version ? <Alert>Once a version is approved and in effect, everyone on the roster is asked to acknowledge it and the counts appear here.</Alert> : (
        <>
          <Card title="By department">
            <table className="min-w-full text-left text-sm" data-testid="coverage-departments">
              <thead className="text-xs uppercase text-slate-500">
                <tr><th className="py-2 pr-3">Department</th><th className="pr-3">People</th><th className="pr-3">Acknowledged</th><th className="pr-3">Pending</th><th>Overdue</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {coverage.departments.map((d) => (
                  <tr key={d.department} data-testid="coverage-department">
                    <td className="py-2 pr-3">{d.department}</td><td className="pr-3">{d.people}</td><td className="pr-3">{d.acknowledged}</td>
                    <td className="pr-3">{d.pending}</td><td className={d.overdue ? "font-semibold text-red-700" : ""}>{d.overdue}</td>
                  </tr>
                ))}
                <tr className="font-semibold" data-testid="coverage-total">
                  <td className="py-2 pr-3">All</td><td className="pr-3">{t.people}</td><td className="pr-3">{t.acknowledged}</td><td className="pr-3">{t.pending}</td><td>{t.overdue}</td>
                </tr>
              </tbody>
            </table>
          </Card>
          <Card title="By person">
            <div className="overflow-x-auto">
              <table className="min-w-full text-left text-sm" data-testid="coverage-people">
                <thead className="text-xs uppercase text-slate-500">
                  <tr><th className="py-2 pr-3">Name</th><th className="pr-3">Department</th><th className="pr-3">Status</th><th className="pr-3">Due</th><th className="pr-3">Signed</th><th className="pr-3">Quiz</th><th>Reading</th></tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {coverage.people.map((p) => (
                    <tr key={p.personId}>
                      <td className="py-2 pr-3">{p.name}</td><td className="pr-3">{p.department}</td>
                      <td className={`pr-3 ${p.state === "overdue" ? "font-semibold text-red-700" : ""}`}>{STATE_LABEL[p.state]}{p.assigned ? "" : " (not assigned)"}</td>
                      <td className="pr-3">{p.dueAt ? orgTime(p.dueAt, tz) : "—"}</td>
                      <td className="pr-3">{p.signedAt ? `${orgTime(p.signedAt, tz)}${p.signatureMethod === "LINK" ? " (link)" : " (in app)"}` : "—"}</td>
                      <td className="pr-3">{p.attempts ? `${p.attempts} attempt${p.attempts === 1 ? "" : "s"}${p.lastScorePercent === null ? "" : `, last ${p.lastScorePercent}%`}` : "—"}</td>
                      <td>{p.readSeconds ? `${Math.round(p.readSeconds / 60)} min` : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
        </>
      )}
    </div>
  );
}
