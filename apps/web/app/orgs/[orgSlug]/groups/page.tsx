import type { Metadata } from "next";
import Link from "next/link";
import { can, isAppError, listGroupReports, loadGroupReportForm, mediaUploadLimit } from "@vetted/domain";
import { typeLabel } from "@/components/highlighted-text";
import { NoAccess } from "@/components/no-access";
import { VerdictBadge } from "@/components/post-badges";
import { Alert, Card } from "@/components/ui";
import { orgTime } from "@/lib/dates";
import { pageTenant } from "@/lib/pages";
import { channelLabel } from "../posts/channels";
import { REPORT_STATUS_KEYS, REPORT_STATUS_LABELS, SOURCE_LABELS } from "./labels";
import { RotateIntakeButton } from "./rotate-intake-button";
import { ReportGroupForm } from "./report-group-form";

export const metadata: Metadata = { title: "Employee groups" };

const FAILED: Record<string, string> = {
  VALIDATION: "Some fields were missing or invalid.",
  PAYLOAD_TOO_LARGE: "The screenshot is larger than the limit.",
  FORBIDDEN: "Your role cannot report group posts.",
  RATE_LIMITED: "Too many uploads in the last hour: wait a while before trying again.",
};

/**
 * Posts from private and employee groups (no platform lets us read those): any member reports one
 * here or by forwarding it; officers and admins see every report, others their own. The list shows
 * no words of a post: those are on the report's page, where reading them is audited.
 */
export default async function GroupsPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/groups`);
  if (!can(ctx, "groups.report")) return <NoAccess />;
  const query = await searchParams;
  const status = typeof query.status === "string" ? query.status : undefined;
  const page = typeof query.page === "string" ? query.page : undefined;
  const base = `/orgs/${ctx.org.slug}/groups`;
  const [form, result] = await Promise.all([
    loadGroupReportForm(ctx),
    listGroupReports(ctx, { status, page }).catch((e: unknown) => (isAppError(e) && e.code === "VALIDATION" ? e : Promise.reject(e))),
  ]);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Employee groups</h1>
          <p className="max-w-3xl text-sm text-slate-600">
            Saw a colleague post about a patient in a private or employee group? Report it here: no platform lets Vetted read those groups.
            The post is scanned for health information and goes to the compliance officers.
          </p>
        </div>
        <Link href={`${base}/coaching`} className="text-sm font-medium text-brand-700 hover:underline">My coaching notes</Link>
      </div>
      {query.reported === "1" ? <Alert tone="success">Reported. The compliance officers are told once it is scanned.</Alert> : null}
      {typeof query.failed === "string" ? <Alert tone="error">The post was not reported. {FAILED[query.failed] ?? "The server refused it."} With JavaScript on, each field says what is wrong.</Alert> : null}
      <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
        <Card title="Report a group post">
          <ReportGroupForm orgSlug={ctx.org.slug} members={form.members} maxBytes={mediaUploadLimit()} canReview={can(ctx, "groups.review")} />
        </Card>
        <Card title="Forward by email">
          {form.intakeAddress ? (
            <>
              <p className="text-sm text-slate-700">Forward a group post (or the notification mail about it) to this address. It is filed as a report like the form&apos;s.</p>
              <p className="mt-2 break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm" data-testid="intake-address">{form.intakeAddress}</p>
              <p className="mt-2 text-xs text-slate-500">The address is this organization&apos;s alone; keep it within the staff.</p>
              {can(ctx, "groups.review") ? <RotateIntakeButton orgSlug={ctx.org.slug} /> : null}
            </>
          ) : (
            <p className="text-sm text-slate-600" data-testid="intake-address-off">Forwarding by email is not set up on this server (INTAKE_DOMAIN and INTAKE_SECRET). Use the form.</p>
          )}
        </Card>
      </div>
      <nav aria-label="Report status" className="flex flex-wrap gap-2">
        {[undefined, ...REPORT_STATUS_KEYS].map((key) => (
          <Link
            key={key ?? "all"} href={key ? `${base}?status=${key}` : base} aria-current={key === status ? "page" : undefined} data-testid={`groups-tab-${key ?? "all"}`}
            className={`rounded-full border px-3 py-1 text-sm ${key === status ? "border-brand-600 bg-brand-50 font-semibold text-brand-800" : "border-slate-300 text-slate-700 hover:bg-slate-50"}`}
          >
            {key ? REPORT_STATUS_LABELS[key] : "All"}
            {key && !isAppError(result) ? <span className="ml-1 rounded bg-slate-100 px-1.5 text-xs">{result.counts[key]}</span> : null}
          </Link>
        ))}
      </nav>
      {isAppError(result) ? <Alert tone="error">{result.message}</Alert> : (
        <Card title={result.reviewer ? `${result.total} reported post${result.total === 1 ? "" : "s"}` : `Your reports (${result.total})`}>
          {result.items.length === 0 ? <p className="text-sm text-slate-600">Nothing here.</p> : (
            <ul className="divide-y divide-slate-100" data-testid="group-report-list">
              {result.items.map((r) => {
                const label = `${channelLabel(r.channel)} · ${SOURCE_LABELS[r.source] ?? r.source} · ${orgTime(r.createdAt, ctx.org.timeZone)}`;
                return (
                  <li key={r.id} data-testid="group-report-item" data-report-id={r.id} className="flex flex-col gap-1 py-3 sm:flex-row sm:items-center sm:gap-4">
                    {result.reviewer ? <Link href={`${base}/${r.id}`} className="min-w-0 flex-1 font-medium text-brand-700 hover:underline">{label}</Link> : <span className="min-w-0 flex-1 font-medium">{label}</span>}
                    <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                      <span className="rounded bg-slate-100 px-1.5 py-0.5" data-testid="group-report-status">{REPORT_STATUS_LABELS[r.status] ?? r.status}</span>
                      {r.status === "SCANNING" ? null : <VerdictBadge verdict={r.verdict} />}
                      {r.findingTypes.length ? <span>{r.findingTypes.map(typeLabel).join(", ")}</span> : null}
                      {r.author ? <span>by {r.author}</span> : null}
                      {result.reviewer && r.reporter ? <span>reported by {r.reporter}</span> : null}
                      {r.incident ? <Link href={`/orgs/${ctx.org.slug}/incidents/${r.incident.id}`} className="rounded bg-red-100 px-1.5 py-0.5 text-red-900 hover:underline">incident</Link> : null}
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
          <div className="mt-3 flex items-center justify-between text-sm">
            {result.page > 1 ? <Link href={`${base}?${new URLSearchParams({ ...(status ? { status } : {}), page: String(result.page - 1) })}`} className="text-brand-700 hover:underline">Newer</Link> : <span />}
            {result.page * result.pageSize < result.total ? <Link href={`${base}?${new URLSearchParams({ ...(status ? { status } : {}), page: String(result.page + 1) })}`} className="text-brand-700 hover:underline">Older</Link> : <span />}
          </div>
        </Card>
      )}
    </div>
  );
}
