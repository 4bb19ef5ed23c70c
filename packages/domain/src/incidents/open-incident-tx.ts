import { randomUUID } from "node:crypto";
import type { Tx } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { sealGroupOptional } from "../groups/group-crypto";
import { storedFindings } from "../moderation/inbox-common";
import { notifyUsers } from "../notifications/notify";
import { assignCoaching } from "../policy/assign-coaching";
import { notificationDeadline } from "./incident-rules";

export interface OpenIncidentTxInput {
  org: { id: string; slug: string; name: string };
  source: { reportId: string } | { commentId: string };
  employeeId: string | null;
  /** A staff member who is no member of the org, by name (sealed; never with employeeId). */
  employeeName?: string | null;
  discoveredAt: Date;
  /** null: opened automatically (a group report the scanner blocked). */
  actor: { actorId: string | null; actorLabel?: string };
  request?: RequestMeta;
}

/**
 * Opens the incident for one report or comment inside the caller's transaction, or returns the one
 * already open for it (a unique index per source: a report is one incident however often it is
 * asked). Compliance officers and admins are told; the deadline is derived from the discovery.
 */
export async function openIncidentTx(tx: Tx, input: OpenIncidentTxInput): Promise<{ incidentId: string; created: boolean; mailIds: string[] }> {
  const orgId = input.org.id;
  const existing = await tx.incident.findFirst({ where: { orgId, ...input.source }, select: { id: true } });
  if (existing) return { incidentId: existing.id, created: false, mailIds: [] };
  const id = randomUUID();
  const incident = await tx.incident.create({
    data: {
      id, orgId, ...input.source, employeeId: input.employeeId, employeeNameCipher: sealGroupOptional(input.employeeName, "incident", orgId, id, "employee"),
      discoveredAt: input.discoveredAt, deadlineAt: notificationDeadline(input.discoveredAt), openedById: input.actor.actorId,
    },
    select: { id: true },
  });
  await recordAuditEvent(tx, {
    orgId, ...input.actor, action: "incident.opened", targetType: "Incident", targetId: incident.id,
    metadata: { ...input.source, employeeId: input.employeeId, employeeNamed: !!input.employeeName, automatic: input.actor.actorId === null }, request: input.request,
  });
  const managers = await tx.membership.findMany({ where: { orgId, role: { in: ["COMPLIANCE_OFFICER", "ADMIN"] } }, select: { userId: true } });
  const mailIds = await notifyUsers(tx, { orgId, orgSlug: input.org.slug, orgName: input.org.name, postId: null, kind: "incident_opened", userIds: managers.map((m) => m.userId), request: input.request });
  // A staff member's comment held PHI: they are coached (a group report's author is, when it is resolved).
  if ("commentId" in input.source && input.employeeId) {
    const comment = await tx.socialComment.findFirst({ where: { id: input.source.commentId, orgId }, select: { findings: true } });
    const findings = storedFindings(comment?.findings).map((f) => ({ type: f.type }));
    const coached = await assignCoaching(tx, input.org, [{ userId: input.employeeId, trigger: "INCIDENT", triggerId: incident.id, findings }], { ...input.actor, request: input.request });
    mailIds.push(...coached.mailIds);
  }
  return { incidentId: incident.id, created: true, mailIds };
}
