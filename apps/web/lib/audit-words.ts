// The audit log in words: "Olivia Officer requested changes on 'IV bag photo'". Ids stay in the
// raw record (shown behind an expander); the sentence never carries a patient's name, only what
// the event's own fields hold (actor, action, post title).

const PHRASES: Record<string, string> = {
  "post.created": "created the post",
  "post.edited": "edited the post",
  "post.submitted": "submitted for review the post",
  "post.approve": "approved the post",
  "post.request_changes": "requested changes on the post",
  "post.reject": "rejected the post",
  "post.override": "overrode a blocking finding on the post",
  "post.viewed": "viewed the post",
  "post.commented": "commented on the post",
  "post.scheduled": "scheduled the post",
  "post.published": "handed off for publishing the post",
  "post.publish_blocked": "stopped the publishing of the post",
  "post.expired": "expired the post",
  "post.approvals_voided": "voided the approvals of the post",
  "post.consent_withdrawn": "sent back after a consent was withdrawn the post",
  "post.scan_retried": "retried the scan of the post",
  "post.reminder_sent": "sent a review reminder for the post",
  "scan.requested": "requested a scan of the post",
  "scan.completed": "finished scanning the post",
  "scan.failed": "could not scan the post",
  "scan.superseded": "superseded a scan of the post",
  "finding.dismissed": "dismissed a finding on the post",
  "finding.override_requested": "asked for an override on the post",
  "scanner_feedback.recorded": "labelled the scanner's findings on the post",
  "scanner_feedback.withdrawn": "withdrew a scanner label on the post",
  "scanner_feedback.exported": "exported the scanner feedback",
  "media.uploaded": "uploaded an image",
  "media.downloaded": "opened an image",
  "media.redacted": "redacted an image",
  "media.original_purged": "deleted an image's original",
  "media.patient_linked": "linked a patient's consent to an image of the post",
  "media.staff_attested": "attested a staff member in an image of the post",
  "media.person_unlinked": "removed a person from an image of the post",
  "consent.uploaded": "uploaded a consent",
  "consent.viewed": "viewed a consent",
  "consent.searched": "searched the consent register",
  "consent.file_downloaded": "opened a consent's signed file",
  "consent.verified": "verified a consent",
  "consent.revoked": "recorded the revocation of a consent",
  "consent.expired": "expired a consent",
  "consent.signed_in_app": "signed a consent in the app",
  "consent_request.created": "sent an authorization to sign",
  "consent_request.signed": "signed an authorization",
  "consent_request.cancelled": "cancelled a signing request",
  "invitation.created": "invited a member",
  "invitation.accepted": "accepted an invitation",
  "invitation.revoked": "revoked an invitation",
  "member.role_changed": "changed a member's role",
  "member.removed": "removed a member",
  "member.assigned": "added a member",
  "org.created": "created the organization",
  "org.updated": "changed the organization's settings",
  "policy.updated": "changed the approval policy",
  "audit.verified": "verified the audit chain",
  "audit.exported": "exported the audit log",
  "auth.signed_in": "signed in",
  "auth.signed_out": "signed out",
  "auth.signin_failed": "failed to sign in",
  "auth.idle_logoff": "was signed out after inactivity",
  "auth.throttled": "was slowed down after repeated failed sign-ins",
  "auth.rate_limited": "was refused sign-in: too many attempts",
  "auth.sessions_revoked": "had their sessions ended",
  "finding.overridden": "approved over a blocking finding on the post",
  "access.denied": "was refused access",
  // The comment inbox (issue 12): a comment is named by its id only, never its words.
  "comment.viewed": "read a comment",
  "comment.hide": "hid a comment",
  "comment.unhide": "unhid a comment",
  "comment.delete": "deleted a comment",
  "comment.resolve": "resolved a comment",
  "comment.escalate": "escalated a comment",
  "comment.needs_reply": "marked a comment as needing a reply",
  "comment.assign": "assigned a comment",
  "comment.unassign": "unassigned a comment",
  "comment.private_reply_requested": "sent a private reply to a comment",
  "comment.public_reply_requested": "sent a public reply to a comment",
  "comment.public_reply_overridden": "overrode the refusal of a public reply to a comment",
  "reply_template.created": "created a reply template",
  "reply_template.updated": "edited a reply template",
  "reply_template.deleted": "deleted a reply template",
  // Connected social accounts (issue 12).
  "account.connect_started": "started connecting a social account",
  "account.connect_declined": "did not finish connecting a social account",
  "account.connected": "connected a social account",
  "account.disconnected": "disconnected a social account",
  "account.token_invalid": "found a social account's access ended",
  "account.resubscribed": "restored a social account's comment notifications",
};

/** For actions without a phrase of their own: the action name itself, quoted. */
const fallback = (action: string) => `did "${action.replaceAll("_", " ")}"`;

export function auditSentence(e: { action: string; actorName: string | null; actorLabel: string | null; postTitle: string | null }): string {
  const who = e.actorName ?? e.actorLabel ?? "The system";
  const phrase = PHRASES[e.action] ?? fallback(e.action);
  const about = e.postTitle !== null && phrase.endsWith("the post") ? ` ‘${e.postTitle}’` : phrase.endsWith("the post") ? " (deleted)" : "";
  return `${who} ${phrase}${about}`;
}

/** IPv4 clients reach Node as "::ffff:203.0.113.9": shown as the plain address. */
export const plainIp = (ip: string | null) => (ip ? ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1") : "");
