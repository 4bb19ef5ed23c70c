import { forOrg, ORG_ID, rawSql, type RawClient } from "@vetted/db";
import { AppError } from "../errors";
import { notifyMany, type NotificationKind } from "../notifications/notify";
import type { RequestOrigin } from "../request-origin";

export interface CommentToNotify {
  id: string;
  assignedToId: string | null;
}

/**
 * Tells the org's compliance officers about comments (auto-hidden, response due, overdue), inside the
 * caller's transaction: one notification per comment and recipient, naming the comment by id only.
 * An org without an officer tells its admins instead, so the news reaches someone who can act; the
 * comment's assignee hears too. `origin`: the request behind it (the webhook delivery of a comment
 * event; none for the SLA sweep). Returns the outbox mail ids to deliver after the commit.
 */
export async function notifyCommentOfficers(tx: RawClient, orgId: string, kind: NotificationKind, comments: CommentToNotify[], origin?: RequestOrigin): Promise<string[]> {
  if (comments.length === 0) return [];
  const assignees = [...new Set(comments.flatMap((c) => (c.assignedToId ? [c.assignedToId] : [])))];
  // The org, its officers and admins (and the assignees) with their addresses, in one read: an
  // automatic hide runs this for every blocked comment of a storm.
  const [org] = await rawSql(tx, forOrg(orgId)).query<{ slug: string; name: string; members: { userId: string; role: string; email: string }[] }[]>`
    SELECT o.slug, o.name, COALESCE((
      SELECT json_agg(json_build_object('userId', m."userId", 'role', m.role, 'email', u.email) ORDER BY m."createdAt", m.id)
      FROM "Membership" m JOIN "User" u ON u.id = m."userId"
      WHERE m."orgId" = o.id AND (m.role IN ('COMPLIANCE_OFFICER', 'ADMIN') OR m."userId" = ANY(${assignees}::uuid[]))
    ), '[]'::json) AS members
    FROM "Organization" o WHERE o.id = ${ORG_ID}::uuid`;
  if (!org) throw AppError.notFound("Organization not found");
  const { members } = org;
  const officers = members.filter((m) => m.role === "COMPLIANCE_OFFICER");
  const base = (officers.length > 0 ? officers : members.filter((m) => m.role === "ADMIN")).map((m) => m.userId);
  // An assignee who has since left the org hears nothing.
  const stillMember = new Set(members.map((m) => m.userId));
  return notifyMany(
    tx,
    comments.map((c) => ({
      orgId, orgSlug: org.slug, orgName: org.name, postId: null, commentId: c.id, kind,
      userIds: c.assignedToId && stillMember.has(c.assignedToId) ? [...base, c.assignedToId] : base,
      request: origin,
    })),
    new Map(members.map((m) => [m.userId, m.email])),
  );
}
