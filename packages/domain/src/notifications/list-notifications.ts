import { ANY_ORG, db } from "@vetted/db";
import { z } from "zod";
import { parseInput } from "../validate";
import { NOTIFICATION_KINDS } from "./notify";

/** The signed-in user's notifications across their orgs, newest first. */
export async function listNotifications(userId: string, limit = 30) {
  const rows = await db().notification.findMany({ where: { userId, orgId: ANY_ORG }, orderBy: { createdAt: "desc" }, take: limit });
  const orgs = await db().organization.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.orgId))] } }, select: { id: true, slug: true, name: true } });
  const bySlug = new Map(orgs.map((o) => [o.id, o]));
  const unread = await db().notification.count({ where: { userId, orgId: ANY_ORG, readAt: null } });
  return {
    unread,
    items: rows.map((r) => ({ ...r, message: NOTIFICATION_KINDS[r.kind as keyof typeof NOTIFICATION_KINDS] ?? r.kind, org: bySlug.get(r.orgId) ?? null })),
  };
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
