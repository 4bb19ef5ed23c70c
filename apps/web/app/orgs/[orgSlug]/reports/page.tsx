import type { Metadata } from "next";
import { hasRecentReauth } from "@vetted/auth";
import { can, isAppError } from "@vetted/domain";
import { keyFigureLines, lastCompleteMonth, recentPeriods, trailStartLine, viewComplianceReport } from "@vetted/domain/reports";
import { NoAccess } from "@/components/no-access";
import { ReauthPrompt } from "@/components/reauth-prompt";
import { Alert, Button, Card, Field, Select } from "@/components/ui";
import { orgTime } from "@/lib/dates";
import { pageTenant } from "@/lib/pages";
import { AuditStatement, FiguresTable, FindingTypeBars, OverridesTable } from "./report-sections";

export const metadata: Metadata = { title: "Compliance report" };

type Search = Record<string, string | string[] | undefined>;

/**
 * The per-client compliance report of a month or quarter (issue 16): `?period=2026-11` or `2026-Q4`
 * (a period is no PHI), by default the last whole month. Admins and compliance officers; every view
 * is audited, and the PDF and CSV downloads need a recent re-authentication.
 */
export default async function ReportsPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Search> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/reports`);
  if (!can(ctx, "reports.view")) return <NoAccess />;
  const raw = (await searchParams).period;
  const now = new Date();
  const tz = ctx.org.timeZone;
  const period = typeof raw === "string" && raw ? raw : lastCompleteMonth(now, tz);
  const report = await viewComplianceReport(ctx, { period }, now).catch((e: unknown) => (isAppError(e) && e.code === "VALIDATION" ? e : Promise.reject(e)));
  const choices = recentPeriods(now, tz);
  const api = `/api/orgs/${ctx.org.slug}/reports`;
  const link = "font-medium text-brand-700 hover:underline";
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Compliance report</h1>
          <p className="text-sm text-slate-600">Reviews, blocked posts, overrides, consents, comment moderation, incidents, policy and the audit trail, for a month or a quarter.</p>
        </div>
        <form method="GET" className="flex items-end gap-2" aria-label="Report period">
          <Field label="Period" name="period">
            <Select id="period" name="period" defaultValue={isAppError(report) ? "" : report.period.key}>
              {/* An older period opened by its URL joins the list; a malformed one is never echoed. */}
              {isAppError(report) || choices.some((c) => c.key === report.period.key) ? null : <option value={report.period.key}>{report.period.label}</option>}
              {choices.map((c) => <option key={c.key} value={c.key}>{c.label}</option>)}
            </Select>
          </Field>
          <Button type="submit" variant="secondary">Show</Button>
        </form>
      </div>
      {isAppError(report) ? (
        <Alert tone="error" role="alert">
          {report.message}: {Object.entries(report.fields ?? {}).map(([k, v]) => `${k} — ${v.join(", ")}`).join("; ")}
        </Alert>
      ) : (
        <>
          <Card
            title={`${report.period.label}${report.partial ? " (still running)" : ""}`}
            actions={
              <div className="flex gap-4 text-sm">
                <a href={`${api}/${report.period.key}/pdf`} className={link} download data-testid="report-pdf">Download PDF</a>
                <a href={`${api}/${report.period.key}/csv`} className={link} download data-testid="report-csv">Download CSV</a>
              </div>
            }
          >
            <p className="text-sm text-slate-600">
              Compared with {report.previous.label}. Generated {orgTime(report.generatedAt, tz)} for {report.generatedBy.name}.
            </p>
            {report.trail ? <p className="mt-1 text-sm text-slate-600" data-testid="report-trail-start">{trailStartLine(report)}</p> : null}
            <ul className="mt-3 list-disc space-y-1 pl-5 text-sm" data-testid="report-key-figures">
              {keyFigureLines(report).map((line) => <li key={line}>{line}</li>)}
            </ul>
            <p className="mt-3 text-xs text-amber-800">
              This report quotes compliance officers&apos; override justifications, which may quote post content: treat it, and any copy, as protected health information.
              It is never mailed; each view and download is recorded in the audit log.
            </p>
          </Card>
          {/* The downloads are sensitive exports (issue 15): with a stale session, confirm first, then download. */}
          {(await hasRecentReauth()) ? null : <ReauthPrompt />}
          <AuditStatement audit={report.audit} />
          <FiguresTable report={report} />
          <FindingTypeBars report={report} />
          <OverridesTable report={report} />
        </>
      )}
    </div>
  );
}
