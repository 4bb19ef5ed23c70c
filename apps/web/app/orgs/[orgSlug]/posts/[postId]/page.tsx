import type { Metadata } from "next";
import Link from "next/link";
import {
  DISMISS_REASONS, EDITABLE_STATES, FEEDBACK_TYPES, MIN_FINDING_JUSTIFICATION, OVERRIDE_REASONS, can, directIdentifierOf, directIdentifierRefusal, dismissalText, getPost, getPostPeople,
  listRemovalTasks, listScannerFeedback, markPostNotificationsRead, nextInReviewQueue,
} from "@vetted/domain";
import { HighlightedText } from "@/components/highlighted-text";
import { StateBadge, VerdictBadge } from "@/components/post-badges";
import { mediaSrc } from "@/components/media-api";
import { NetworkPreview } from "@/components/network-preview";
import { PostComposer } from "@/components/post-composer";
import { Alert, Card } from "@/components/ui";
import { orgTime } from "@/lib/dates";
import { pageRecord, pageTenant } from "@/lib/pages";
import { PHASE_TEXT, scanPhase } from "@/lib/scan-phase";
import { getClientApprovalStatus } from "@vetted/domain/client-approvals";
import { addCommentAction, decidePostAction, dismissFindingAction, requestOverrideAction, savePostAction, schedulePostAction, submitPostAction } from "../actions";
import { sendToClientApproverAction } from "../client-approval-actions";
import { CHANNELS, channelLabel } from "../post-form";
import { recordScannerFeedbackAction, withdrawScannerFeedbackAction } from "../feedback-actions";
import { completeRemovalTaskAction, findConsentsAction, linkPersonAction, unlinkPersonAction } from "../people-actions";
import { ClientApprovalPanel } from "./client-approval-panel";
import { ApprovalsList } from "./approvals-list";
import { CommentForm } from "./comment-form";
import { DecisionPanel } from "./decision-panel";
import { FindingList } from "./finding-list";
import { ImageFindings } from "./image-findings";
import { PeoplePanel } from "./people-panel";
import { RemovalTasks } from "./removal-tasks";
import { RevisionHistory } from "./revision-history";
import { ScannerFeedbackPanel } from "./scanner-feedback-panel";
import { ScanStatus } from "./scan-status";
import { ScheduleForm } from "./schedule-form";

export const metadata: Metadata = { title: "Post" };

// At review-wide (globals.css) each column has the screen's height below the page header and scrolls on its own.
const column = "min-w-0 space-y-6 review-wide:h-[calc(100dvh-18rem)] review-wide:space-y-4 review-wide:overflow-y-auto review-wide:pr-1";

type Props = { params: Promise<{ orgSlug: string; postId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The next post of the reviewer's queue, when they came from it (for the j/n shortcut). */
async function nextInQueue(userId: string, postId: string) {
  const next = await nextInReviewQueue(userId, postId);
  return next ? `/orgs/${next.orgSlug}/posts/${next.postId}?from=review` : undefined;
}

export default async function PostPage({ params, searchParams }: Props) {
  const { orgSlug, postId } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/posts/${postId}`);
  const [d, search] = await Promise.all([pageRecord(getPost(ctx, postId)), searchParams]);
  const { post, revision } = d;
  const slug = ctx.org.slug;
  const variants = (revision.channelTexts ?? {}) as Record<string, string>;
  const span = (f: (typeof d.findings)[number]) => ({ id: f.id, start: f.start ?? 0, end: f.end ?? 0, type: f.type, explanation: f.explanation, blocking: f.blocking, dismissed: !!f.dismissedAt });
  const textFindings = (source: string) => d.findings.filter((f) => f.source === source && f.start !== null).map(span);
  const blocking = d.findings.filter((f) => f.blocking && !f.dismissedAt).length;
  // Per-finding overrides (issue 10): an MRN, SSN or date of birth shows the policy's refusal up front.
  const blockingFindings = d.findings.filter((f) => f.blocking && !f.dismissedAt).map((f) => {
    const direct = d.policy.overridableDirectIdentifiers ? null : directIdentifierOf(f);
    return { id: f.id, type: f.type, text: f.text, explanation: f.explanation, refusal: direct ? directIdentifierRefusal(direct) : null };
  });
  const findingType = (id: string) => d.findings.find((f) => f.id === id)?.type.toLowerCase().replace("_", " ") ?? "earlier";
  const editable = can(ctx, "posts.edit") && EDITABLE_STATES.includes(post.state);
  const inFlight = !["DRAFT", "CHANGES_REQUESTED"].includes(post.state);
  const mayDecide = post.state === "IN_REVIEW" && d.policy.eligible.includes(ctx.user.id);
  const nextHref = mayDecide || search.from === "review" ? await nextInQueue(ctx.user.id, post.id) : undefined;
  const save = savePostAction.bind(null, slug);
  const name = (id: string) => d.people[id] ?? "former member";
  // Opening the post answers its notifications: the bell's count drops for this person.
  const [shown, removals, client] = await Promise.all([
    getPostPeople(ctx, post, revision.id), listRemovalTasks(ctx, { postId: post.id }), getClientApprovalStatus(ctx, post, revision.id), markPostNotificationsRead(ctx, post.id),
  ]);
  const at = (date: Date | null) => orgTime(date, ctx.org.timeZone);
  const final = ["PUBLISHED", "REJECTED", "EXPIRED"].includes(post.state);
  // Until the current revision's scan has finished, no panel may read as "nothing found".
  const phase = scanPhase(post.state, d.scan?.status);
  // Scanner feedback (issue 11, item 7): officers label a finished scan of a post they did not write.
  const mayLabel = can(ctx, "scanner.feedback") && d.scan?.status === "SUCCEEDED" && post.authorId !== ctx.user.id && revision.createdById !== ctx.user.id;
  const labels = mayLabel ? await listScannerFeedback(ctx, { revisionId: revision.id }) : [];

  const composer = (
    <PostComposer
      orgSlug={slug}
      orgName={ctx.org.name}
      save={save}
      submit={can(ctx, "posts.submit") ? submitPostAction.bind(null, slug) : undefined}
      inFlight={inFlight}
      channels={CHANNELS.map((c) => ({ value: c, label: channelLabel(c) }))}
      initial={{ postId: post.id, revision: post.currentRevision, title: post.title, text: revision.text, channels: post.channels, channelTexts: variants, scheduledAt: post.scheduledAt?.toISOString() ?? null, timeZone: ctx.org.timeZone, media: d.media.map((m) => ({ id: m.id, width: m.width, height: m.height })) }}
    />
  );

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <Link href={search.from === "review" ? "/review" : `/orgs/${slug}/posts`} className="text-sm text-brand-700 underline">← {search.from === "review" ? "Review queue" : "All posts"}</Link>
        <h1 className="break-words text-2xl font-semibold">{post.title}</h1>
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <StateBadge state={post.state} verdict={d.scan?.status === "SUCCEEDED" ? d.scan.verdict : null} />
          <VerdictBadge verdict={d.scan?.status === "SUCCEEDED" ? d.scan.verdict : null} state={post.state} />
          <span>revision {post.currentRevision}</span>
          <span>· by {name(post.authorId)}</span>
          <span>· {post.channels.map(channelLabel).join(", ")}</span>
          <span>· {post.scheduledAt ? `scheduled ${at(post.scheduledAt)}` : "not scheduled"}</span>
        </div>
        {search.saved ? <Alert tone="success">Draft saved.</Alert> : null}
      </div>
      <ScanStatus state={post.state} postId={post.id} revision={post.currentRevision} reasons={d.scan?.reasons ?? []} lastError={d.scan?.lastErrorCode ?? null} retry={can(ctx, "posts.submit") ? submitPostAction.bind(null, slug) : undefined} />

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] review-wide:review-bleed review-wide:grid-cols-[repeat(3,minmax(0,1fr))_20rem] review-wide:gap-4">
        {/* Below review-wide the three content columns stack beside the aside; at review-wide they are grid columns. */}
        <div className="min-w-0 space-y-6 review-wide:contents">
          <div className={column} aria-label="Text and findings" role="group">
            <Card title={`Revision ${revision.number}`}>
              <div className="review-wide:max-h-56 review-wide:overflow-y-auto">
                <HighlightedText text={revision.text} spans={textFindings("TEXT")} testId="post-text" className="text-base" />
                {Object.entries(variants).map(([channel, text]) => (
                  <div key={channel} className="mt-4 border-t border-slate-100 pt-3">
                    <h3 className="text-sm font-medium text-slate-600">{channelLabel(channel)} version</h3>
                    <HighlightedText text={text} spans={textFindings(`TEXT:${channel}`)} className="text-base" />
                  </div>
                ))}
              </div>
              <p className="mt-3 text-xs text-slate-500">Marked: what the server scan found. Red = blocking. Hover or focus a mark for the reason.</p>
            </Card>
            <div data-testid="findings-panel">
              <Card title={phase === "done" ? `Findings (${d.findings.length})` : "Findings"}>
                {phase !== "done" ? (
                  <div data-testid="findings-pending" className="space-y-2">
                    <p className="text-sm text-slate-600">{PHASE_TEXT[phase]}</p>
                    {phase === "scanning" ? <div aria-hidden className="h-4 w-2/3 animate-pulse rounded bg-slate-200" /> : null}
                  </div>
                ) : <FindingList
                  findings={d.findings.map((f) => ({ id: f.id, source: f.source, type: f.type, start: f.start, end: f.end, text: f.text, explanation: f.explanation, blocking: f.blocking, dismissed: !!f.dismissedAt, dismissReason: dismissalText(f.dismissReasonCode, f.dismissReason), dismissedBy: f.dismissedById ? (d.people[f.dismissedById] ?? null) : null, dismissedAt: f.dismissedAt?.toISOString() ?? null }))}
                  mayFix={editable}
                  mayDismiss={can(ctx, "findings.dismiss") && ["IN_REVIEW", "CHANGES_REQUESTED", "SCAN_FAILED"].includes(post.state)}
                  mayAllowList={can(ctx, "scanner.allowList")}
                  dismiss={dismissFindingAction.bind(null, slug)}
                  dismissReasons={DISMISS_REASONS}
                  requestOverride={can(ctx, "posts.edit") && post.state === "IN_REVIEW" && !can(ctx, "posts.override") ? requestOverrideAction.bind(null, slug) : undefined}
                  labelNotPhi={mayLabel ? recordScannerFeedbackAction.bind(null, slug) : undefined}
                  labelled={labels.filter((l) => l.kind === "NOT_PHI").map((l) => l.findingId!)}
                />}
              </Card>
            </div>
            {mayLabel ? (
              <Card title="Scanner feedback">
                <ScannerFeedbackPanel
                  revisionId={revision.id} types={[...FEEDBACK_TYPES]} record={recordScannerFeedbackAction.bind(null, slug)} withdraw={withdrawScannerFeedbackAction.bind(null, slug)}
                  texts={[{ source: "TEXT", label: "The post's text", text: revision.text }, ...Object.entries(variants).map(([channel, text]) => ({ source: `TEXT:${channel}`, label: `${channelLabel(channel)} version`, text }))]}
                  labels={labels.map((l) => ({ id: l.id, kind: l.kind, source: l.source, start: l.start, end: l.end, type: l.type, by: l.by ?? "a former member", at: l.createdAt.toISOString() }))}
                />
              </Card>
            ) : null}
            {d.media.length ? (
              <Card title="Images">
                <ImageFindings
                  orgSlug={slug} postId={post.id} revision={post.currentRevision} save={save} mayRedact={editable} phase={phase}
                  images={d.media.map((m) => ({ id: m.id, width: m.width, height: m.height, earlier: d.earlierFindings.filter((e) => e.mediaId === m.id), boxes: d.findings.filter((f) => f.mediaId === m.id && f.box.length === 4).map((f) => ({ findingId: f.id, source: f.source, type: f.type, box: f.box, text: f.text, blocking: f.blocking, dismissed: !!f.dismissedAt })) }))}
                />
              </Card>
            ) : null}
            {editable ? (
              inFlight ? (
                <details className="rounded-lg border border-slate-200 bg-white shadow-sm">
                  <summary className="cursor-pointer px-4 py-3 font-semibold">Edit this post</summary>
                  <div className="border-t border-slate-200 p-4">{composer}</div>
                </details>
              ) : (
                <Card title="Edit">{composer}</Card>
              )
            ) : null}
          </div>

          <div className={column} aria-label="Network preview" role="group">
            <Card title="As the networks show it">
              <NetworkPreview
                orgName={ctx.org.name} text={revision.text} channelTexts={variants} channels={post.channels} compact subject={`revision ${revision.number}`}
                images={d.media.map((m) => ({ src: mediaSrc(slug, m.id), width: m.width, height: m.height }))}
              />
            </Card>
          </div>

          <div className={column} aria-label="People shown and changes" role="group">
            <Card title="Who is shown">
              {shown.length ? (
                <PeoplePanel
                  orgSlug={slug} postId={post.id} consentsHref={`/orgs/${slug}/consents`} mayLink={can(ctx, "consents.link") && !final} phase={phase}
                  images={shown.map((i) => ({ ...i, people: i.people.map((p) => ({ ...p, consent: p.consent ? { ...p.consent, expiresAt: p.consent.expiresAt?.toISOString() ?? null } : null })) }))}
                  find={findConsentsAction.bind(null, slug)} link={linkPersonAction.bind(null, slug)} unlink={unlinkPersonAction.bind(null, slug)}
                />
              ) : <p className="text-sm text-slate-600">No images in this revision: no faces to account for.</p>}
            </Card>
            <Card title="Revision history">
              {d.revisions.length > 1 ? (
                <RevisionHistory revisions={d.revisions.map((r) => ({ number: r.number, text: r.text, createdAt: r.createdAt.toISOString(), author: name(r.createdById) }))} />
              ) : <p className="text-sm text-slate-600">Revision 1 is the first: nothing earlier to compare.</p>}
            </Card>
          </div>
        </div>

        <aside className={column} aria-label="Review">
          {removals.length ? (
            <Card title="Removal">
              <RemovalTasks
                complete={completeRemovalTaskAction.bind(null, slug)}
                tasks={removals.map((t) => ({ ...t, assignee: name(t.assigneeId), createdAt: t.createdAt.toISOString(), completedAt: t.completedAt?.toISOString() ?? null }))}
              />
            </Card>
          ) : null}
          {(post.state === "APPROVED" || post.state === "SCHEDULED") && can(ctx, "posts.submit") ? (
            <Card title={post.state === "SCHEDULED" ? "Scheduled" : "Approved: pick a time"}>
              <ScheduleForm postId={post.id} revision={post.currentRevision} current={post.scheduledAt?.toISOString() ?? null} action={schedulePostAction.bind(null, slug)} timeZone={ctx.org.timeZone} />
            </Card>
          ) : null}
          {mayDecide ? (
            <Card title="Your decision">
              {shown.some((i) => i.problems.length) ? (
                <div className="mb-3" data-testid="consent-warning">
                  <Alert tone="warning">Consents are missing for people shown in the images (see “Who is shown”): approval will be refused until they are linked and verified.</Alert>
                </div>
              ) : null}
              <DecisionPanel
                postId={post.id} revision={post.currentRevision} blocking={blocking} step={d.policy.currentStep} steps={d.policy.steps} nextHref={nextHref} decide={decidePostAction.bind(null, slug)}
                blockingFindings={blockingFindings} mayOverride={can(ctx, "posts.override")} overrideReasons={OVERRIDE_REASONS} minFindingJustification={MIN_FINDING_JUSTIFICATION}
                findConsents={can(ctx, "consents.link") ? findConsentsAction.bind(null, slug) : undefined}
              />
            </Card>
          ) : nextHref ? (
            <Link href={nextHref} className="block text-sm text-brand-700 underline">Next post in your queue →</Link>
          ) : null}
          {client.hasClientStep || client.links.length ? (
            <Card title="Client approval">
              <ClientApprovalPanel
                postId={post.id} revision={post.currentRevision} waitingStep={client.waitingStep} sendable={client.sendable}
                send={can(ctx, "posts.sendToClient") ? sendToClientApproverAction.bind(null, slug) : undefined}
                links={client.links.map((l) => ({ ...l, sentAt: at(l.sentAt), expiresAt: at(l.expiresAt), decidedAt: l.decidedAt ? at(l.decidedAt) : null }))}
              />
            </Card>
          ) : null}
          <Card title="Approvals">
            <ApprovalsList
              orgSlug={slug}
              approvals={d.approvals.map((a) => ({
                id: a.id, approver: name(a.approverId ?? a.clientApproverId ?? ""), decision: a.decision, revision: d.revisions.find((r) => r.id === a.revisionId)?.number ?? "?", at: at(a.createdAt),
                voidedAt: a.voidedAt, voidReason: a.voidReason, comment: a.comment, overrideJustification: a.overrideJustification,
                overrides: d.findingOverrides.filter((o) => o.approvalId === a.id).map((o) => ({
                  id: o.id, findingType: findingType(o.findingId), reason: OVERRIDE_REASONS[o.reasonCode as keyof typeof OVERRIDE_REASONS] ?? o.reasonCode, consentId: o.consentId, justification: o.justification,
                })),
              }))}
            />
          </Card>
          <Card title={`Comments (${d.comments.length})`}>
            <ul className="mb-4 space-y-3 text-sm" data-testid="comments">
              {d.comments.map((c) => (
                <li key={c.id}>
                  <p className="text-xs text-slate-500">{name(c.authorId)} · {at(c.createdAt)}</p>
                  <p className="whitespace-pre-wrap break-words">{c.body}</p>
                </li>
              ))}
            </ul>
            {can(ctx, "posts.comment") ? <CommentForm postId={post.id} action={addCommentAction.bind(null, slug)} /> : null}
          </Card>
        </aside>
      </div>
    </div>
  );
}
