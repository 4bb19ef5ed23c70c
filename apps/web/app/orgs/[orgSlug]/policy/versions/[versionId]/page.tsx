import type { Metadata } from "next";
import Link from "next/link";
import { can, getPolicyVersion } from "@vetted/domain";
import { ManualText } from "@/components/manual-text";
import { NoAccess } from "@/components/no-access";
import { Alert, Card } from "@/components/ui";
import { orgTime } from "@/lib/dates";
import { pageRecord, pageTenant } from "@/lib/pages";
import { approveVersionAction, discardDraftAction, returnVersionAction, submitVersionAction, updateDraftAction } from "../../actions";
import { proposedByText, SOURCE_TEXT, VERSION_STATUS_LABELS } from "../../labels";
import { DraftEditor } from "./draft-editor";
import { ApproveForm, DiscardForm, ReturnForm, SubmitForm } from "./review-forms";

export const metadata: Metadata = { title: "Policy version" };

/** One version of the manual: read view (generated sections marked), the draft editor, and the review buttons. */
export default async function PolicyVersionPage({ params }: { params: Promise<{ orgSlug: string; versionId: string }> }) {
  const { orgSlug, versionId } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/policy/versions/${versionId}`);
  if (!can(ctx, "manual.read")) return <NoAccess />;
  const v = await pageRecord(getPolicyVersion(ctx, { versionId }));
  const tz = ctx.org.timeZone;
  const slug = ctx.org.slug;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Link href={`/orgs/${slug}/policy`} className="text-sm text-brand-700 hover:underline">← Social media policy</Link>
        <a href={`/api/orgs/${slug}/policy/versions/${v.id}/pdf`} className="text-sm font-medium text-brand-700 hover:underline" data-testid="policy-pdf-link">Download PDF</a>
      </div>
      <Card title={`Version ${v.number}`} actions={<span className="rounded bg-slate-100 px-2 py-0.5 text-sm" data-testid="policy-version-status">{VERSION_STATUS_LABELS[v.status] ?? v.status}</span>}>
        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="text-slate-500">Origin</dt><dd>{proposedByText(v.proposedBy)}{v.createdBy ? ` · started by ${v.createdBy}` : ""} · {orgTime(v.createdAt, tz)}</dd>
          {v.editedBy ? <><dt className="text-slate-500">Last edited by</dt><dd>{v.editedBy}</dd></> : null}
          {v.submittedBy ? <><dt className="text-slate-500">Submitted</dt><dd>{v.submittedBy} · {orgTime(v.submittedAt, tz)}</dd></> : null}
          <dt className="text-slate-500">Approved</dt><dd data-testid="policy-approved-by">{v.approvedBy ? `${v.approvedBy} · ${orgTime(v.approvedAt, tz)}` : "not yet"}</dd>
          <dt className="text-slate-500">Effective</dt><dd>{v.effectiveAt ? orgTime(v.effectiveAt, tz) : "on approval"}</dd>
          <dt className="text-slate-500">Material change</dt><dd>{v.material ? "yes: everyone acknowledges it again" : "no"}</dd>
          <dt className="text-slate-500">SHA-256</dt><dd className="break-all font-mono text-xs" data-testid="policy-version-hash">{v.contentSha256 ?? "computed on approval"}</dd>
          {v.changeSummary ? <><dt className="text-slate-500">Changes</dt><dd className="whitespace-pre-wrap break-words">{v.changeSummary}</dd></> : null}
        </dl>
        {v.returnReason && v.status === "DRAFT" ? <div className="mt-3"><Alert tone="warning">Returned to draft: {v.returnReason}</Alert></div> : null}
        {v.staleSections.length ? (
          <div className="mt-3"><Alert tone="warning">The settings changed since these sections were generated: {v.staleSections.join(", ")}. {v.status === "IN_REVIEW" ? "Return it to draft to bring them up to date." : "Submitting brings them up to date."}</Alert></div>
        ) : null}
        {v.approveBlockedReason ? <div className="mt-3"><Alert tone="info">{v.approveBlockedReason}</Alert></div> : null}
        <div className="mt-4 flex flex-wrap items-start gap-4">
          {v.may.submit ? <SubmitForm versionId={v.id} submit={submitVersionAction.bind(null, slug)} /> : null}
          {v.may.discard ? <DiscardForm versionId={v.id} discard={discardDraftAction.bind(null, slug)} /> : null}
          {v.may.approve ? <ApproveForm versionId={v.id} approve={approveVersionAction.bind(null, slug)} /> : null}
          {v.may.returnToDraft ? <ReturnForm versionId={v.id} send={returnVersionAction.bind(null, slug)} /> : null}
        </div>
      </Card>
      {v.may.edit ? (
        <DraftEditor versionId={v.id} sections={v.sections} changeSummary={v.changeSummary} material={v.material} save={updateDraftAction.bind(null, slug)} sourceText={SOURCE_TEXT} />
      ) : (
        <div className="space-y-4" data-testid="policy-sections">
          {v.sections.map((s) => (
            <Card key={s.key} title={s.title} actions={s.generated ? <span className="rounded bg-sky-50 px-2 py-0.5 text-xs text-sky-800" data-testid="generated-badge">from settings: {SOURCE_TEXT[s.source ?? ""] ?? s.source}</span> : undefined}>
              <ManualText body={s.body} testId={`section-${s.key}`} />
            </Card>
          ))}
        </div>
      )}
    </div>
  );
}
