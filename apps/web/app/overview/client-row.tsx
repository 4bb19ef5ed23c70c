"use client";

// A client component on purpose: its props are the row's figures (a few hundred bytes), where a server
// component's output travels as its whole element tree in the page's RSC payload too, rendered twice on
// the server (bench:pages: the overview's web CPU per page).
import Link from "next/link";
import type { ReactNode } from "react";
import type { ClientOverview } from "@vetted/domain/dashboards";
import { BlockedRateChart } from "@/components/charts/blocked-rate-chart";
import { FindingsChart } from "@/components/charts/findings-chart";
import { roleLabel } from "@/components/ui";
import { percentText } from "@/lib/overview-text";

/** One figure of a client row; null when the viewer's role does not cover it (said so, never a 0). */
function Metric({ label, value, detail, testId, alert }: { label: string; value: ReactNode | null; detail?: string; testId: string; alert?: boolean }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd data-testid={testId} className={value === null ? "text-xs text-slate-500" : `text-lg font-semibold ${alert ? "text-red-700" : "text-slate-900"}`}>
        {value === null ? "Not in your role" : value}
      </dd>
      {detail && value !== null ? <dd className="text-xs text-slate-500" data-testid={`${testId}-detail`}>{detail}</dd> : null}
    </div>
  );
}

/** A client org in the agency overview: why it needs attention, its figures, and its two charts. */
export function ClientRow({ client: c, weeks }: { client: ClientOverview; weeks: number }) {
  const headingId = `client-${c.org.slug}`;
  const coverage = c.coverage;
  return (
    <section aria-labelledby={headingId} data-testid="client-row" data-org={c.org.slug} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold">
          <Link href={`/orgs/${c.org.slug}`} className="text-brand-700 hover:underline">{c.org.name}</Link>
        </h2>
        <p className="text-xs text-slate-500">
          {roleLabel(c.role)} · attention score <span data-testid="attention-score">{c.attention.score}</span>
        </p>
      </div>
      <p data-testid="attention-why" className={`mt-1 text-sm ${c.attention.score > 0 ? "font-medium text-red-800" : "text-slate-600"}`}>
        {c.attention.summary}
      </p>
      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-4">
        <Metric label="Waiting for review" value={c.posts.waiting} testId="metric-waiting" />
        <Metric label="Reviews overdue" value={c.posts.overdue} testId="metric-overdue" alert={c.posts.overdue > 0} />
        <Metric
          label={`Blocked rate, ${weeks} weeks`}
          value={percentText(c.scans.blockedPercent)}
          detail={`${c.scans.blocked} of ${c.scans.scanned} scanned`}
          testId="metric-blocked-rate"
        />
        <Metric label="Comments hidden" value={c.comments?.hidden ?? null} testId="metric-comments-hidden" />
        <Metric label="Comment SLA breaches" value={c.comments?.slaBreaches ?? null} testId="metric-sla-breaches" alert={!!c.comments?.slaBreaches} />
        <Metric label="Incidents open" value={c.incidentsOpen} testId="metric-incidents-open" alert={!!c.incidentsOpen} />
        <Metric label="Consents expiring in 30 days" value={c.consentsExpiring} testId="metric-consents-expiring" />
        <Metric
          label="Policy acknowledged"
          value={coverage ? percentText(coverage.percent) : null}
          detail={coverage ? (coverage.versionNumber === null ? "no policy in effect" : `${coverage.acknowledged} of ${coverage.people} people`) : undefined}
          testId="metric-coverage"
        />
      </dl>
      <div className="mt-4 grid gap-4 md:grid-cols-2">
        <BlockedRateChart orgName={c.org.name} trend={c.scans.trend} />
        <FindingsChart orgName={c.org.name} findings={c.scans.findingsByType} weeks={weeks} />
      </div>
    </section>
  );
}
