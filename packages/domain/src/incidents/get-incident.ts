import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { openGroupOptional } from "../groups/group-crypto";
import { findingTypes } from "../moderation/inbox-common";
import { parseInput } from "../validate";
import { daysLeft, FACTOR_TEXT, INCIDENT_FACTORS, missingFactors, storedAssessment } from "./incident-rules";

export const incidentIdSchema = z.object({ incidentId: z.uuid({ message: "Choose an incident" }) });

/**
 * One incident with its risk assessment decrypted (the notes may name the patient and what was
 * disclosed) and the staff member's typed name, when they are no member: the read is recorded as
 * `incident.viewed` before anything is returned.
 */
export async function getIncident(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "incidents.manage");
  const { incidentId } = parseInput(incidentIdSchema, input);
  const orgId = ctx.org.id;
  const i = await ctx.db.incident.findFirst({ where: { id: incidentId, orgId } });
  if (!i) throw AppError.notFound("Incident not found");
  const people = [i.employeeId, i.openedById, i.assessedById, i.closedById].filter((id): id is string => !!id);
  const [users, report, comment] = await Promise.all([
    ctx.db.user.findMany({ where: { id: { in: people } }, select: { id: true, name: true } }),
    i.reportId ? ctx.db.groupReport.findFirst({ where: { id: i.reportId, orgId }, select: { id: true, source: true, channel: true, verdict: true, findings: true, createdAt: true } }) : null,
    i.commentId ? ctx.db.socialComment.findFirst({ where: { id: i.commentId, orgId }, select: { id: true, platform: true, verdict: true, findings: true, createdAt: true } }) : null,
  ]);
  await ctx.db.$transaction((tx) =>
    recordAuditEvent(tx, { orgId, actorId: ctx.user.id, action: "incident.viewed", targetType: "Incident", targetId: i.id, request: ctx.request }),
  );
  const name = new Map(users.map((u) => [u.id, u.name]));
  const who = (id: string | null) => (id ? (name.get(id) ?? "a former member") : null);
  const assessment = storedAssessment(i.assessment);
  return {
    id: i.id, status: i.status, discoveredAt: i.discoveredAt, deadlineAt: i.deadlineAt, daysLeft: i.status === "CLOSED" ? null : daysLeft(i.deadlineAt),
    conclusion: i.conclusion, outcome: i.outcome, notifiedAt: i.notifiedAt, createdAt: i.createdAt,
    employee: who(i.employeeId) ?? openGroupOptional(i.employeeNameCipher, "incident", orgId, i.id, "employee"), employeeIsMember: i.employeeId !== null, openedBy: who(i.openedById), assessedBy: who(i.assessedById), assessedAt: i.assessedAt, closedBy: who(i.closedById), closedAt: i.closedAt,
    report: report ? { id: report.id, source: report.source, channel: report.channel, verdict: report.verdict, findingTypes: findingTypes(report.findings), createdAt: report.createdAt } : null,
    comment: comment ? { id: comment.id, platform: comment.platform, verdict: comment.verdict, findingTypes: findingTypes(comment.findings), createdAt: comment.createdAt } : null,
    factors: INCIDENT_FACTORS.map((f) => ({
      key: f, ...FACTOR_TEXT[f], checked: assessment[f]?.checked ?? false, notes: openGroupOptional(assessment[f]?.notesCipher, "incident", orgId, i.id, f),
    })),
    missing: missingFactors(assessment),
  };
}
