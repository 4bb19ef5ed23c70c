import { ANY_ORG, db } from "@vetted/db";
import { z } from "zod";
import { parseInput } from "../validate";
import { NOTIFICATION_KINDS, NOTIFICATION_PATHS } from "./notify";

type Row = { id: string; orgId: string; postId: string | null; commentId?: string | null; kind: string; createdAt: Date; readAt: Date | null };

/**
 * The signed-in user's notifications across the orgs they still belong to, newest first. The same
 * news about the same post (six scans finishing, three reminders) is one item with a count; the
 * post's title is shown in the app (members may read it) but never mailed.
 */
export async function listNotifications(userId: string, limit = 30) {
  const memberships = await db().membership.findMany({ where: { userId, orgId: ANY_ORG }, select: { org: { select: { id: true, slug: true, name: true } } } });
  const orgs = new Map(memberships.map((m) => [m.org.id, m.org]));
  const orgIds = [...orgs.keys()];
  const rows: Row[] = await db().notification.findMany({ where: { userId, orgId: { in: orgIds } }, orderBy: { createdAt: "desc" }, take: limit * 4 });
  const postIds = [...new Set(rows.map((r) => r.postId).filter((id): id is string => !!id))];
  const posts = await db().post.findMany({ where: { id: { in: postIds }, orgId: { in: orgIds } }, select: { id: true, title: true } });
  const titles = new Map(posts.map((p) => [p.id, p.title]));
  const unread = await db().notification.count({ where: { userId, orgId: { in: orgIds }, readAt: null } });
  return { unread, items: groupNotifications(rows, limit).map((g) => ({ ...g, message: NOTIFICATION_KINDS[g.kind as keyof typeof NOTIFICATION_KINDS] ?? g.kind, postTitle: g.postId ? (titles.get(g.postId) ?? null) : null, org: orgs.get(g.orgId) ?? null, path: NOTIFICATION_PATHS[g.kind as keyof typeof NOTIFICATION_KINDS] ?? null })) };
}

/** Consecutive-or-not rows of the same kind, post (or comment) and read state fold into the newest one. */
export function groupNotifications(rows: Row[], limit: number) {
  const groups = new Map<string, Row & { count: number; ids: string[] }>();
  for (const r of rows) {
    const key = `${r.orgId}|${r.postId ?? "-"}|${r.commentId ?? "-"}|${r.kind}|${r.readAt ? "read" : "unread"}`;
    const g = groups.get(key);
    if (g) {
      g.count += 1;
      g.ids.push(r.id);
    } else groups.set(key, { ...r, count: 1, ids: [r.id] });
  }
  return [...groups.values()].slice(0, limit);
}

export const markReadSchema = z.object({ ids: z.array(z.string().uuid("Not a valid notification id")).max(200).optional() });

/** Marks some (or all) of the user's own notifications read; other users' ids are ignored. */
export async function markNotificationsRead(userId: string, input: unknown) {
  const { ids } = parseInput(markReadSchema, input);
  const result = await db().notification.updateMany({
    where: { userId, orgId: ANY_ORG, readAt: null, ...(ids ? { id: { in: ids } } : {}) },
    data: { readAt: new Date() },
  });
  return { updated: result.count };
}
