import { db, type Post, type Tx } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { deliverMail } from "../mail/send-mail";
import { clientApprovalObstacle } from "./client-approval-gates";
import { guardPublicLink } from "../limits/guard-public-link";
import type { AbuseLimiter } from "../limits/abuse-limiter";
import { findLinkByToken, isClientLinkMiss, linkActor, linkProblem, postOfLink, type LinkedClientApproval } from "./client-link-records";
import { codeView, issueCode, sessionValid, type ClientCodeView } from "./client-link-session";
import { MAX_CODES_PER_LINK } from "./client-link-rules";

/**
 * The post as the client approver sees it once their code is confirmed: its text (and the per-channel
 * versions), its images (served through the link, see get-client-approval-media.ts), when it is due,
 * and why approving would be refused if it would be. Never the findings or anyone's names. The read
 * is audited (the post may hold PHI until approved).
 */
async function reviewView(tx: Tx, link: LinkedClientApproval, post: Post, request: RequestMeta) {
  const revision = await tx.postRevision.findFirstOrThrow({ where: { id: link.revisionId, orgId: link.orgId } });
  const media = revision.mediaIds.length ? await tx.media.findMany({ where: { orgId: link.orgId, id: { in: revision.mediaIds } }, select: { id: true, width: true, height: true } }) : [];
  const obstacle = await clientApprovalObstacle(tx, post, revision.id);
  await recordAuditEvent(tx, {
    orgId: link.orgId, ...linkActor(link, request), action: "client_approval.viewed", targetType: "Post", targetId: post.id,
    metadata: { linkId: link.id, revision: link.revision },
  });
  return {
    stage: "review" as const,
    orgName: link.org.name,
    approverName: link.approver.name,
    timeZone: link.org.timeZone,
    linkExpiresAt: link.expiresAt,
    sessionExpiresAt: link.sessionExpiresAt!,
    post: {
      title: post.title, text: revision.text, channels: post.channels, scheduledAt: post.scheduledAt,
      channelTexts: (revision.channelTexts ?? {}) as Record<string, string>,
    },
    media: revision.mediaIds.flatMap((id) => media.filter((m) => m.id === id)),
    obstacle,
  };
}
export type ClientReviewView = Awaited<ReturnType<typeof reviewView>>;
export type ClientApprovalView = ClientCodeView | ClientReviewView;

/**
 * Public, by the emailed link (the token is the credential, the mailed code the second factor). A
 * browser holding the link's live session sees the post; any other gets the code page, and a code is
 * mailed when none is live (at most MAX_CODES_PER_LINK per link). A link that does not work throws a
 * ClientLinkError saying why (404 unknown, 410 used, expired, locked, changed or closed). Unknown
 * tokens count against the caller's IP like every public link's (guardPublicLink).
 */
export async function openClientApproval(token: unknown, session: unknown, request: RequestMeta, limiter?: AbuseLimiter): Promise<ClientApprovalView> {
  const result = await guardPublicLink(request, () => db().$transaction(async (tx) => {
    const link = await findLinkByToken(tx, token, true);
    const post = await postOfLink(tx, link);
    const problem = await linkProblem(tx, link, post);
    if (problem) throw problem;
    const now = new Date();
    if (sessionValid(link, session, now)) return { view: await reviewView(tx, link, post, request), mailId: null };
    const live = !!link.codeHash && !!link.codeExpiresAt && link.codeExpiresAt > now;
    if (live || link.codesSent >= MAX_CODES_PER_LINK) return { view: codeView(link, now), mailId: null };
    const issued = await issueCode(tx, link, request, now);
    return { view: codeView(issued.link, now), mailId: issued.mailId };
  }), isClientLinkMiss, limiter);
  if (result.mailId) await deliverMail(result.mailId);
  return result.view;
}
