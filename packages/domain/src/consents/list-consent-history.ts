import { z } from "zod";
import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { parseInput } from "../validate";
import { consentIdSchema, findConsent } from "./consent-records";

export const listConsentHistorySchema = consentIdSchema.extend({
  take: z.coerce.number().int().min(1).max(500).default(200),
});

// Audit metadata is written PHI-free (ids, counts, codes); still, only these value shapes are passed
// on, so a future event with an unexpected shape is dropped here rather than rendered.
const safeValue = z.union([z.string().max(200), z.number(), z.boolean(), z.null(), z.array(z.string().max(200)).max(50)]);

function safeMetadata(raw: unknown): Record<string, z.infer<typeof safeValue>> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
  return Object.fromEntries(Object.entries(raw).flatMap(([k, v]) => (safeValue.safeParse(v).success ? [[k, v as z.infer<typeof safeValue>]] : [])));
}

/**
 * The trail of one consent, newest first: events about the consent itself (uploaded, viewed, file
 * opened, verified, revoked, expired), events that name it in their metadata (an image linked to
 * it, a post sent back, a removal task created or progressed), and the reminders of its removal
 * tasks (which name only the task). Read from the org's own chain; actors by display name, and
 * the people who uploaded, verified and revoked it.
 */
export async function listConsentHistory(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "consents.view");
  const { consentId, take } = parseInput(listConsentHistorySchema, input);
  const orgId = ctx.org.id;
  const consent = await findConsent(ctx.db, orgId, consentId);
  const taskIds = (await ctx.db.removalTask.findMany({ where: { orgId, consentId }, select: { id: true } })).map((t) => t.id);

  const where = {
    orgId,
    chainKey: orgId,
    OR: [
      { targetType: "Consent", targetId: consentId },
      { metadata: { path: ["consentId"], equals: consentId } },
      ...(taskIds.length ? [{ targetType: "RemovalTask", targetId: { in: taskIds } }] : []),
    ],
  };
  const [total, rows] = await Promise.all([
    ctx.db.auditEvent.count({ where }),
    ctx.db.auditEvent.findMany({ where, orderBy: { seq: "desc" }, take }),
  ]);
  // The uploader, verifier and revoker by name too: their events may be older than the page shown.
  const roles = { uploadedBy: consent.uploadedById, verifiedBy: consent.verifiedById, revokedBy: consent.revokedById };
  const actorIds = [...new Set([...rows.map((r) => r.actorId), ...Object.values(roles)].filter((id): id is string => !!id))];
  const actors = await ctx.db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } });
  const nameOf = new Map(actors.map((a) => [a.id, a.name]));
  const person = (id: string | null) => (id ? { id, name: nameOf.get(id) ?? "former member" } : null);
  return {
    total,
    people: { uploadedBy: person(roles.uploadedBy), verifiedBy: person(roles.verifiedBy), revokedBy: person(roles.revokedBy) },
    events: rows.map((r) => ({
      id: r.id,
      seq: r.seq,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      actorId: r.actorId,
      actorName: r.actorId ? nameOf.get(r.actorId) ?? "former member" : r.actorLabel ?? "system",
      createdAt: r.createdAt,
      metadata: safeMetadata(r.metadata),
    })),
  };
}
export type ConsentHistory = Awaited<ReturnType<typeof listConsentHistory>>;
