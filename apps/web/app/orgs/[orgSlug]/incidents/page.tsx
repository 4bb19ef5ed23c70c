import type { Metadata } from "next";
import Link from "next/link";
import { can, isAppError, listIncidents } from "@vetted/domain";
import { NoAccess } from "@/components/no-access";
import { Alert, Card } from "@/components/ui";
import { orgTime } from "@/lib/dates";
import { pageTenant } from "@/lib/pages";
import { INCIDENT_STATUS_LABELS, OUTCOME_LABELS } from "../groups/labels";
import { DeadlineCountdown } from "./deadline-countdown";

export const metadata: Metadata = { title: "Incidents" };

const TABS = ["OPEN", "ASSESSED", "CLOSED"] as const;

/** PHI posted by staff, as breach incidents: the nearest notification deadline first. */
export default async function IncidentsPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/incidents`);
  if (!can(ctx, "incidents.manage")) return <NoAccess />;
  const { status: raw } = await searchParams;
  const status = typeof raw === "string" ? raw : undefined;
  const base = `/orgs/${ctx.org.slug}/incidents`;
  const rows = await listIncidents(ctx, { status }).catch((e: unknown) => (isAppError(e) && e.code === "VALIDATION" ? e : Promise.reject(e)));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Incidents</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          Health information posted by a staff member. Each needs the four-factor risk assessment of 45 CFR 164.402(2); if it concludes a
          breach, the individuals must be notified within 60 days of discovery (164.404(b)).
        </p>
      </div>
      <nav aria-label="Incident status" className="flex flex-wrap gap-2">
        {[undefined, ...TABS].map((key) => (
          <Link
            key={key ?? "all"} href={key ? `${base}?status=${key}` : base} aria-current={key === status ? "page" : undefined}
            className={`rounded-full border px-3 py-1 text-sm ${key === status ? "border-brand-600 bg-brand-50 font-semibold text-brand-800" : "border-slate-300 text-slate-700 hover:bg-slate-50"}`}
          >
            {key ? INCIDENT_STATUS_LABELS[key] : "All"}
          </Link>
        ))}
      </nav>
      {isAppError(rows) ? <Alert tone="error">{rows.message}</Alert> : (
        <Card title={`${rows.length} incident${rows.length === 1 ? "" : "s"}`}>
          {rows.length === 0 ? <p className="text-sm text-slate-600">No incidents.</p> : (
            <ul className="divide-y divide-slate-100" data-testid="incident-list">
              {rows.map((i) => (
                <li key={i.id} data-testid="incident-item" data-incident-id={i.id} className="flex flex-col gap-1 py-3 sm:flex-row sm:items-center sm:gap-4">
                  <Link href={`${base}/${i.id}`} className="min-w-0 flex-1 font-medium text-brand-700 hover:underline">
                    {i.source === "GROUP_REPORT" ? "Employee group post" : "Comment"}{i.employee ? ` by ${i.employee}` : i.employeeTyped ? " by a staff member without an account" : ""} · discovered {orgTime(i.discoveredAt, ctx.org.timeZone)}
                  </Link>
                  <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                    <span className="rounded bg-slate-100 px-1.5 py-0.5" data-testid="incident-status">{INCIDENT_STATUS_LABELS[i.status] ?? i.status}</span>
                    {i.outcome ? <span>{OUTCOME_LABELS[i.outcome]}</span> : <DeadlineCountdown deadlineAt={i.deadlineAt.toISOString()} compact />}
                    {i.openedAutomatically ? <span>opened by the scanner</span> : null}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
    </div>
  );
}
