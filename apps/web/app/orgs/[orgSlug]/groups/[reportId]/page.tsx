import type { Metadata } from "next";
import Link from "next/link";
import { getGroupReport } from "@vetted/domain";
import { HighlightedText, typeLabel } from "@/components/highlighted-text";
import { NoAccess } from "@/components/no-access";
import { VerdictBadge } from "@/components/post-badges";
import { Alert, Card } from "@/components/ui";
import { orgTime } from "@/lib/dates";
import { pageRecord, pageTenant } from "@/lib/pages";
import { can } from "@vetted/domain";
import { channelLabel } from "../../posts/channels";
import { openIncidentAction, resolveGroupReportAction, sendCoachingNoteAction } from "../actions";
import { INCIDENT_STATUS_LABELS, OCR_ERROR_WORDS, REPORT_STATUS_LABELS, SOURCE_LABELS } from "../labels";
import { CoachingNoteForm, ReportDecision } from "./report-actions";

export const metadata: Metadata = { title: "Reported group post" };

/** The compliance officer's view of one reported group post, decrypted (the read is audited). */
export default async function GroupReportPage({ params }: { params: Promise<{ orgSlug: string; reportId: string }> }) {
  const { orgSlug, reportId } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/groups/${reportId}`);
  if (!can(ctx, "groups.review")) return <NoAccess />;
  const r = await pageRecord(getGroupReport(ctx, { reportId }));
  const base = `/orgs/${ctx.org.slug}`;
  const spans = r.findings.map((f) => ({ ...f, explanation: `${typeLabel(f.type)} found by the scanner`, blocking: r.verdict === "block" }));
  const author = r.author?.name ?? r.authorName;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Link href={`${base}/groups`} className="text-sm text-brand-700 hover:underline">← Employee groups</Link>
        <p className="text-xs text-slate-500">Reading this report is recorded in the audit log.</p>
      </div>
      <Card title={`${channelLabel(r.channel)} group post`} actions={r.status === "SCANNING" ? null : <VerdictBadge verdict={r.verdict} />}>
        <div className="space-y-3">
          <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
            <dt className="text-slate-500">Group</dt><dd data-testid="report-group">{r.groupName ?? "not given (forwarded)"}</dd>
            <dt className="text-slate-500">Author</dt><dd data-testid="report-author">{author ?? "unknown"}{r.author ? "" : r.authorName ? " (not a member)" : ""}</dd>
            <dt className="text-slate-500">Posted</dt><dd>{r.postedAt ? orgTime(r.postedAt, ctx.org.timeZone) : "unknown"}</dd>
            <dt className="text-slate-500">Reported</dt><dd>{SOURCE_LABELS[r.source] ?? r.source} by {r.reporter ?? "unknown"} · {orgTime(r.createdAt, ctx.org.timeZone)}</dd>
            <dt className="text-slate-500">Status</dt><dd data-testid="report-status">{REPORT_STATUS_LABELS[r.status] ?? r.status}</dd>
          </dl>
          {r.status === "SCANNING" ? <Alert tone="info">The screenshot is being read. Reload in a moment to see its text and the scan.</Alert> : null}
          {r.status === "SCAN_FAILED" ? <Alert tone="error">The screenshot could not be read: {OCR_ERROR_WORDS[r.ocrErrorCode ?? ""] ?? r.ocrErrorCode}. The reporter was asked to paste the text.</Alert> : null}
          {r.text ? <HighlightedText text={r.text} spans={spans} testId="group-report-text" className="rounded-md bg-slate-50 p-3" /> : null}
          {r.source === "SCREENSHOT" && r.text ? <p className="text-xs text-slate-500">Text read from the screenshot by the scanner.</p> : null}
          {r.reasons.length ? (
            <div>
              <h3 className="text-sm font-medium">Why the scanner flagged it</h3>
              <ul className="list-disc pl-5 text-sm text-slate-700" data-testid="group-report-reasons">{r.reasons.map((reason) => <li key={reason}>{reason}</li>)}</ul>
            </div>
          ) : null}
          {r.hasScreenshot ? (
            <details>
              <summary className="cursor-pointer text-sm text-brand-700">Show the screenshot</summary>
              <img src={`/api/orgs/${ctx.org.slug}/group-reports/${r.id}/screenshot`} alt="The reported screenshot" className="mt-2 max-h-[32rem] rounded border border-slate-200" />
            </details>
          ) : null}
        </div>
      </Card>
      <Card title="Decide">
        <div className="space-y-3">
          {r.incident ? (
            <p className="text-sm" data-testid="report-incident">
              <Link href={`${base}/incidents/${r.incident.id}`} className="font-medium text-red-800 hover:underline">Incident: {INCIDENT_STATUS_LABELS[r.incident.status] ?? r.incident.status}</Link>
              {r.incident.status === "CLOSED" ? null : <> · notification deadline {orgTime(r.incident.deadlineAt, ctx.org.timeZone)}</>}
            </p>
          ) : null}
          {r.resolvedAt ? <p className="text-sm text-slate-600">Resolved {orgTime(r.resolvedAt, ctx.org.timeZone)}.</p> : null}
          <ReportDecision
            reportId={r.id} resolved={r.status === "RESOLVED"} scanning={r.status === "SCANNING"} canOpenIncident={r.may.incident && !r.incident}
            resolve={resolveGroupReportAction.bind(null, ctx.org.slug)} openIncident={openIncidentAction.bind(null, ctx.org.slug)}
          />
        </div>
      </Card>
      <Card title="Coaching note">
        <div className="space-y-4">
          {r.coachingNotes.length ? (
            <ul className="space-y-2 text-sm" data-testid="coaching-notes">
              {r.coachingNotes.map((n) => (
                <li key={n.id} className="rounded border border-slate-200 p-2">
                  <p className="text-xs text-slate-500">To {n.employee} from {n.author} · {orgTime(n.createdAt, ctx.org.timeZone)} · {n.readAt ? "read" : "not read yet"}</p>
                  <p className="whitespace-pre-wrap">{n.text}</p>
                </li>
              ))}
            </ul>
          ) : null}
          {r.status === "SCANNING" ? null : <CoachingNoteForm reportId={r.id} members={r.members} authorId={r.author?.userId ?? null} send={sendCoachingNoteAction.bind(null, ctx.org.slug)} />}
        </div>
      </Card>
    </div>
  );
}
