import { forOrg, ORG_ID, rawSql } from "@vetted/db";
import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const closeIncidentSchema = z
  .object({
    incidentId: z.uuid({ message: "Choose an incident" }),
    outcome: z.enum(["NOTIFIED", "NOT_REQUIRED"], { message: "Choose notified or not required" }),
    notifiedAt: z.preprocess(blank, z.iso.datetime({ offset: true, message: "Enter when the individuals were notified" }).optional()),
  })
  .refine((d) => d.outcome !== "NOTIFIED" || !!d.notifiedAt, { message: "Enter when the individuals were notified", path: ["notifiedAt"] });

/**
 * Closes an assessed incident: the individuals were notified (when: a notice after the 60-day
 * deadline is recorded as late), or notification was not required, which only a "low probability
 * of compromise" conclusion allows (164.402(2)). Audited with the outcome and whether it was late.
 */
export async function closeIncident(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "incidents.manage");
  const d = parseInput(closeIncidentSchema, input);
  const orgId = ctx.org.id;
  return ctx.db.$transaction(async (tx) => {
    const [locked] = await rawSql(tx, forOrg(orgId)).query<{ id: string }[]>`SELECT id::text FROM "Incident" WHERE id = ${d.incidentId}::uuid AND "orgId" = ${ORG_ID}::uuid FOR UPDATE`;
    if (!locked) throw AppError.notFound("Incident not found");
    const i = await tx.incident.findFirstOrThrow({ where: { id: d.incidentId, orgId } });
    if (i.status === "CLOSED") throw new AppError("CONFLICT", "The incident is already closed");
    if (i.status !== "ASSESSED") throw new AppError("CONFLICT", "Complete the risk assessment before closing the incident");
    if (d.outcome === "NOT_REQUIRED" && i.conclusion !== "LOW_PROBABILITY") {
      throw new AppError("VALIDATION", "The assessment concluded that notification is required", { outcome: ["Record the notification, or change the assessment's conclusion first"] });
    }
    const notifiedAt = d.outcome === "NOTIFIED" && d.notifiedAt ? new Date(d.notifiedAt) : null;
    if (notifiedAt && notifiedAt.getTime() > Date.now() + 5 * 60_000) throw new AppError("VALIDATION", "The notification cannot be in the future", { notifiedAt: ["Enter a time that has passed"] });
    if (notifiedAt && notifiedAt < i.discoveredAt) throw new AppError("VALIDATION", "The notification cannot be before the discovery", { notifiedAt: ["Enter a time after the discovery"] });
    const closedAt = new Date();
    await tx.incident.update({ where: { id: i.id, orgId }, data: { status: "CLOSED", outcome: d.outcome, notifiedAt, closedAt, closedById: ctx.user.id }, select: { id: true } });
    const late = notifiedAt ? notifiedAt > i.deadlineAt : false;
    await recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: "incident.closed", targetType: "Incident", targetId: i.id, request: ctx.request,
      metadata: { outcome: d.outcome, conclusion: i.conclusion, late },
    });
    return { incidentId: i.id, status: "CLOSED" as const, late };
  });
}
