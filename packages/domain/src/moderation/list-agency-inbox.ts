import { ANY_ORG, db } from "@vetted/db";
import { roleCan } from "../access/permissions";
import { slaBreachedWhere } from "./comment-sla";
import { INBOX_TABS, TAB_OF, type InboxTab } from "./inbox-common";

/**
 * A consultant's (or anyone's) inbox across all their client orgs: per org they may moderate in,
 * the count of each tab, of the comments assigned to them and of those past their first-response
 * deadline (comment-sla.ts). Counts only; the comments themselves
 * are listed per org (listInbox), where the tenant context applies. Orgs come from the caller's own
 * memberships, as for the review queue.
 */
export async function listAgencyInbox(userId: string) {
  const memberships = await db().membership.findMany({ where: { userId, orgId: ANY_ORG }, include: { org: { select: { slug: true, name: true } } } });
  const orgs = memberships.filter((m) => roleCan(m.role, "comments.view"));
  const rows = await Promise.all(
    orgs.map(async (m) => {
      const [grouped, mine, overdue] = await Promise.all([
        db().socialComment.groupBy({ by: ["status"], where: { orgId: m.orgId }, _count: { _all: true } }),
        db().socialComment.count({ where: { orgId: m.orgId, assignedToId: userId, status: { notIn: ["RESOLVED"] } } }),
        db().socialComment.count({ where: { orgId: m.orgId, ...slaBreachedWhere(new Date()) } }),
      ]);
      const counts = Object.fromEntries(Object.keys(INBOX_TABS).map((t) => [t, 0])) as Record<InboxTab, number>;
      for (const g of grouped) counts[TAB_OF[g.status]] = g._count._all;
      return { org: { slug: m.org.slug, name: m.org.name }, counts, assignedToMe: mine, overdue, open: counts.new + counts.hidden + counts.needs_reply + counts.escalated };
    }),
  );
  return rows.sort((a, b) => b.open - a.open || a.org.name.localeCompare(b.org.name));
}
