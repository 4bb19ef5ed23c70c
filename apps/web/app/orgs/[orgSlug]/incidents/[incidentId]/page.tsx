import type { Metadata } from "next";
import Link from "next/link";
import { can, CONCLUSION_TEXT, getIncident } from "@vetted/domain";
import { typeLabel } from "@/components/highlighted-text";
import { NoAccess } from "@/components/no-access";
import { VerdictBadge } from "@/components/post-badges";
import { Alert, Card } from "@/components/ui";
import { isoToZonedLocal, orgTime } from "@/lib/dates";
import { pageRecord, pageTenant } from "@/lib/pages";
import { INCIDENT_STATUS_LABELS, OUTCOME_LABELS, SOURCE_LABELS } from "../../groups/labels";
import { channelLabel } from "../../posts/channels";
import { closeIncidentAction, saveIncidentAction } from "../actions";
import { DeadlineCountdown } from "../deadline-countdown";
import { AssessmentForm, CloseIncidentForm } from "./incident-forms";

export const metadata: Metadata = { title: "Incident" };

/** One incident: what it is about, the deadline, the risk assessment checklist and the closing (the read is audited). */
export default async function IncidentPage({ params }: { params: Promise<{ orgSlug: string; incidentId: string }> }) {
  const { orgSlug, incidentId } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/incidents/${incidentId}`);
  if (!can(ctx, "incidents.manage")) return <NoAccess />;
  const i = await pageRecord(getIncident(ctx, { incidentId }));
  const base = `/orgs/${ctx.org.slug}`;
  const tz = ctx.org.timeZone;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Link href={`${base}/incidents`} className="text-sm text-brand-700 hover:underline">← Incidents</Link>
        <p className="text-xs text-slate-500">Reading this incident is recorded in the audit log.</p>
      </div>
      <Card title={i.report ? "Incident: employee group post" : "Incident: comment"} actions={<span className="rounded bg-slate-100 px-2 py-0.5 text-sm" data-testid="incident-status">{INCIDENT_STATUS_LABELS[i.status] ?? i.status}</span>}>
        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="text-slate-500">Staff member</dt><dd data-testid="incident-employee">{i.employee ? `${i.employee}${i.employeeIsMember ? "" : " (not a member here)"}` : "not identified"}</dd>
          <dt className="text-slate-500">Discovered</dt><dd data-testid="incident-discovered">{orgTime(i.discoveredAt, tz)}</dd>
          <dt className="text-slate-500">Notify by</dt>
          <dd data-testid="incident-deadline" data-deadline-at={i.deadlineAt.toISOString()}>
            {orgTime(i.deadlineAt, tz)}{i.status === "CLOSED" ? null : <> · <DeadlineCountdown deadlineAt={i.deadlineAt.toISOString()} /></>}
          </dd>
          <dt className="text-slate-500">Opened</dt><dd>{i.openedBy ? `by ${i.openedBy}` : "by the scanner (the post was blocked)"} · {orgTime(i.createdAt, tz)}</dd>
          {i.report ? (
            <>
              <dt className="text-slate-500">Post</dt>
              <dd className="flex flex-wrap items-center gap-2">
                <Link href={`${base}/groups/${i.report.id}`} className="text-brand-700 hover:underline">{channelLabel(i.report.channel)} · {SOURCE_LABELS[i.report.source]}</Link>
                <VerdictBadge verdict={i.report.verdict} />
                {i.report.findingTypes.length ? <span className="text-xs text-slate-600">{i.report.findingTypes.map(typeLabel).join(", ")}</span> : null}
              </dd>
            </>
          ) : null}
          {i.comment ? (
            <>
              <dt className="text-slate-500">Comment</dt>
              <dd><Link href={`${base}/inbox/${i.comment.id}`} className="text-brand-700 hover:underline" data-testid="incident-source-comment">{channelLabel(i.comment.platform)} comment</Link></dd>
            </>
          ) : null}
          {i.conclusion ? <><dt className="text-slate-500">Conclusion</dt><dd data-testid="incident-conclusion">{CONCLUSION_TEXT[i.conclusion]}{i.assessedBy ? ` (${i.assessedBy}, ${orgTime(i.assessedAt, tz)})` : ""}</dd></> : null}
          {i.outcome ? <><dt className="text-slate-500">Closed</dt><dd data-testid="incident-outcome">{OUTCOME_LABELS[i.outcome]}{i.notifiedAt ? ` on ${orgTime(i.notifiedAt, tz)}` : ""} · {i.closedBy} · {orgTime(i.closedAt, tz)}</dd></> : null}
        </dl>
      </Card>
      <Card title="Breach risk assessment (45 CFR 164.402(2))">
        {i.status === "CLOSED" ? <div className="mb-3"><Alert tone="info">The incident is closed: its assessment is kept as it was.</Alert></div> : null}
        <AssessmentForm
          incidentId={i.id} factors={i.factors} discoveredLocal={isoToZonedLocal(i.discoveredAt.toISOString(), tz)} conclusion={i.conclusion} closed={i.status === "CLOSED"}
          save={saveIncidentAction.bind(null, ctx.org.slug)}
        />
      </Card>
      {i.status === "ASSESSED" ? (
        <Card title="Close the incident">
          <CloseIncidentForm incidentId={i.id} conclusion={i.conclusion} close={closeIncidentAction.bind(null, ctx.org.slug)} />
        </Card>
      ) : null}
    </div>
  );
}
