import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { openGroupOptional } from "./group-crypto";

/**
 * The signed-in member's own coaching notes in this org, newest first, decrypted. Any member may
 * read their own (no permission beyond membership). The read is audited with the note ids, and the
 * unread ones are marked read in the same transaction.
 */
export async function listMyCoachingNotes(ctx: TenantContext) {
  const orgId = ctx.org.id;
  const notes = await ctx.db.coachingNote.findMany({ where: { orgId, employeeId: ctx.user.id }, orderBy: { createdAt: "desc" }, take: 50 });
  if (notes.length === 0) return [];
  const authors = await ctx.db.user.findMany({ where: { id: { in: [...new Set(notes.map((n) => n.authorId))] } }, select: { id: true, name: true } });
  const name = new Map(authors.map((a) => [a.id, a.name]));
  await ctx.db.$transaction(async (tx) => {
    await recordAuditEvent(tx, { orgId, actorId: ctx.user.id, action: "coaching_note.viewed", targetType: "CoachingNote", metadata: { noteIds: notes.map((n) => n.id) }, request: ctx.request });
    await tx.coachingNote.updateMany({ where: { orgId, employeeId: ctx.user.id, readAt: null, id: { in: notes.map((n) => n.id) } }, data: { readAt: new Date() } });
  });
  return notes.map((n) => ({
    id: n.id, reportId: n.reportId, from: name.get(n.authorId) ?? "a compliance officer", createdAt: n.createdAt, unread: n.readAt === null,
    text: openGroupOptional(n.textCipher, "coaching-note", orgId, n.id, "text"),
  }));
}
