import type { Metadata } from "next";
import Link from "next/link";
import { getComment, listIncidentEmployees, listInbox, listReplyTemplates, markCommentNotificationsRead, platformCan } from "@vetted/domain";
import { HighlightedText, typeLabel } from "@/components/highlighted-text";
import { VerdictBadge } from "@/components/post-badges";
import { Alert, Card } from "@/components/ui";
import { orgTime } from "@/lib/dates";
import { pageRecord, pageTenant } from "@/lib/pages";
import { INCIDENT_STATUS_LABELS } from "../../groups/labels";
import { DeadlineCountdown } from "../../incidents/deadline-countdown";
import { channelLabel } from "../../posts/channels";
import { decideCommentAction, openCommentIncidentAction, privateReplyAction, publicReplyAction } from "../actions";
import { ACTION_LABELS, ACTION_STATUS, ERROR_WORDS, pickFilters, query, TAB_LABELS } from "../labels";
import { ReplyCountdown } from "../reply-countdown";
import { SlaBadge } from "../sla-badge";
import { CommentActions } from "./comment-actions";
import { PrivateReplyForm, PublicReplyForm } from "./reply-forms";
import { StaffIncidentForm } from "./staff-incident-form";

export const metadata: Metadata = { title: "Comment" };

/** One comment, decrypted (the read is audited), with what can be done about it. */
export default async function CommentPage({ params, searchParams }: { params: Promise<{ orgSlug: string; commentId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgSlug, commentId } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/inbox/${commentId}`);
  const c = await pageRecord(getComment(ctx, { commentId }));
  const filters = pickFilters(await searchParams);
  const base = `/orgs/${ctx.org.slug}/inbox`;
  // Neighbours in the list the person came from, for j/k.
  const list = await listInbox(ctx, filters).catch(() => null);
  const at = list ? list.items.findIndex((i) => i.id === c.id) : -1;
  const href = (id: string | undefined) => (id ? `${base}/${id}${query(filters)}` : undefined);
  const [templates, staff] = await Promise.all([
    c.may.reply ? listReplyTemplates(ctx) : [], c.may.openIncident && !c.incident ? listIncidentEmployees(ctx) : [], markCommentNotificationsRead(ctx, c.id),
  ]);
  const spans = c.findings.map((f) => ({ ...f, explanation: `${typeLabel(f.type)} found by the scanner`, blocking: c.verdict === "block" }));
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Link href={`${base}${query(filters)}`} className="text-sm text-brand-700 hover:underline">← Inbox{filters.tab && filters.tab in TAB_LABELS ? `: ${TAB_LABELS[filters.tab as keyof typeof TAB_LABELS]}` : ""}</Link>
        <p className="text-xs text-slate-500">Reading this comment is recorded in the audit log.</p>
      </div>
      <Card title={`${channelLabel(c.platform)} comment${c.account ? ` on ${c.account.name}` : ""}`} actions={<VerdictBadge verdict={c.verdict} />}>
        <div className="space-y-3">
          <p className="text-sm text-slate-600">
            {c.authorName ? <>By <strong data-testid="comment-author">{c.authorName}</strong> · </> : null}{orgTime(c.postedAt, ctx.org.timeZone)}
            {c.post ? <> · under <Link href={`/orgs/${ctx.org.slug}/posts/${c.post.id}`} className="text-brand-700 hover:underline">{c.post.title}</Link></> : null}
          </p>
          {c.text ? <HighlightedText text={c.text} spans={spans} testId="comment-text" className="rounded-md bg-slate-50 p-3" /> : <p className="text-sm text-slate-500">The text has not arrived yet.</p>}
          <div className="flex flex-wrap gap-2 text-xs" data-testid="comment-state">
            <span className="rounded bg-slate-100 px-1.5 py-0.5">{TAB_LABELS[c.tab]}</span>
            {c.hidden ? <span className="rounded bg-slate-200 px-1.5 py-0.5">hidden on the platform</span> : null}
            {c.deleted ? <span className="rounded bg-slate-200 px-1.5 py-0.5">deleted</span> : null}
            {c.assignee ? <span>assigned to {c.assignee.name}</span> : <span>not assigned</span>}
            <SlaBadge sla={c.sla} timeZone={ctx.org.timeZone} />
          </div>
          {c.reasons.length ? (
            <div>
              <h3 className="text-sm font-medium">Why the scanner flagged it</h3>
              <ul className="list-disc pl-5 text-sm text-slate-700" data-testid="comment-reasons">{c.reasons.map((r) => <li key={r}>{r}</li>)}</ul>
            </div>
          ) : null}
        </div>
      </Card>
      {c.may.moderate ? (
        <Card title="Moderate">
          <CommentActions
            commentId={c.id} hidden={c.hidden || c.tab === "hidden"} deleted={c.deleted} assignedToMe={c.assignee?.id === ctx.user.id}
            nextHref={href(list?.items[at + 1]?.id)} prevHref={href(at > 0 ? list?.items[at - 1]?.id : undefined)} decide={decideCommentAction.bind(null, ctx.org.slug)}
          />
        </Card>
      ) : null}
      {c.may.openIncident ? (
        <Card title="Breach incident">
          {c.incident ? (
            <p className="flex flex-wrap items-center gap-2 text-sm" data-testid="comment-incident">
              <Link href={`/orgs/${ctx.org.slug}/incidents/${c.incident.id}`} className="font-medium text-brand-700 hover:underline">Incident for this comment</Link>
              <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{INCIDENT_STATUS_LABELS[c.incident.status] ?? c.incident.status}</span>
              {c.incident.status === "CLOSED" ? null : <DeadlineCountdown deadlineAt={c.incident.deadlineAt.toISOString()} compact />}
            </p>
          ) : (
            <StaffIncidentForm commentId={c.id} members={staff} open={openCommentIncidentAction.bind(null, ctx.org.slug)} />
          )}
        </Card>
      ) : null}
      {c.may.reply ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Private reply" actions={c.privateRepliedAt || c.privateReply ? null : <ReplyCountdown endsAt={c.replyWindowEndsAt.toISOString()} />}>
            {c.privateReply ? (
              <Alert tone={c.privateReply.status === "FAILED" ? "error" : "success"}>
                A private reply was {c.privateReply.status === "SENT" ? "sent" : c.privateReply.status === "PENDING" ? "queued and is being sent" : `not sent: ${ERROR_WORDS[c.privateReply.errorCode ?? ""] ?? c.privateReply.errorCode}`}. The platform allows one per comment.
              </Alert>
            ) : !platformCan(c.platform, "private_reply") ? (
              <p className="text-sm text-slate-600" data-testid="private-reply-unavailable">{channelLabel(c.platform)} offers no private reply to a commenter: answer on the platform itself or escalate.</p>
            ) : c.replyWindowOpen ? (
              <PrivateReplyForm commentId={c.id} templates={templates.map((t) => ({ id: t.id, name: t.name, body: t.body }))} send={privateReplyAction.bind(null, ctx.org.slug)} />
            ) : (
              <p className="text-sm text-slate-600">The 7-day window for a private reply has closed{c.deleted ? " or the comment was deleted" : ""}.</p>
            )}
          </Card>
          <Card title="Public reply">
            {platformCan(c.platform, "public_reply") ? (
              <PublicReplyForm commentId={c.id} hiddenForPhi={c.hiddenForPhi} mayOverride={c.may.override} send={publicReplyAction.bind(null, ctx.org.slug)} />
            ) : (
              <p className="text-sm text-slate-600" data-testid="public-reply-unavailable">Vetted does not post public replies on {channelLabel(c.platform)}: answer on the platform itself.</p>
            )}
          </Card>
        </div>
      ) : null}
      {c.actions.length ? (
        <Card title="What was done">
          <ul className="space-y-1 text-sm" data-testid="comment-actions-log">
            {c.actions.map((a) => (
              <li key={a.id}>
                {ACTION_LABELS[a.kind] ?? a.kind}{a.requestedById ? "" : " (automatic)"}{a.overridden ? " (officer override)" : ""}: {ACTION_STATUS[a.status] ?? a.status}
                {a.lastErrorCode && a.status !== "SENT" ? ` — ${ERROR_WORDS[a.lastErrorCode] ?? a.lastErrorCode}` : ""} · {orgTime(a.sentAt ?? a.failedAt ?? a.createdAt, ctx.org.timeZone)}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
