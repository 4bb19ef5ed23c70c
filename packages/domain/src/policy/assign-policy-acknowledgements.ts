import { Prisma, type Tx } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { AppError } from "../errors";
import { jsonInsert } from "../json-insert";
import { notifyUsers } from "../notifications/notify";
import { issueAckLinks } from "./ack-links";
import { ACK_DUE_DAYS, DAY_MS } from "./ack-rules";
import { syncWorkforceMembers } from "./sync-workforce-members";

export interface AssignPolicyAcknowledgementsInput {
  orgId: string;
  versionId: string;
  /** Who caused it (the approving officer, the importing admin); null for the worker. */
  actorId: string | null;
  actorLabel?: string | null;
  request?: RequestMeta;
  /** Only these persons (newly imported or joined); all active persons when absent. */
  personIds?: string[];
  now?: Date;
  /** An explicit due time (the demo seed's overdue example); ACK_DUE_DAYS after the version takes effect otherwise. */
  dueAt?: Date;
}

export interface AssignResult {
  assigned: number;
  /** Outbox mails to deliver after the commit (deliverMail). */
  mailIds: string[];
}

/**
 * Gives every active person of the roster (members synced first) an acknowledgement of an approved,
 * material version, inside the caller's transaction (the approval's, or an import's). Each is due
 * ACK_DUE_DAYS after the version takes effect (or after now, if later). Members get an in-app task
 * and its mail; people without an account get their single-use link by mail. The "start" reminder is
 * recorded for each, so the sweep does not send it again. A person who already has one for this
 * version is skipped: calling it twice assigns nothing new. A non-material version assigns nothing
 * (the last material one still counts). Audited once per call, with counts.
 */
export async function assignPolicyAcknowledgements(tx: Tx, input: AssignPolicyAcknowledgementsInput): Promise<AssignResult> {
  const { orgId, versionId } = input;
  const now = input.now ?? new Date();
  const version = await tx.policyManualVersion.findFirst({ where: { id: versionId, orgId }, select: { status: true, material: true, effectiveAt: true } });
  if (!version || version.status !== "APPROVED") throw new AppError("CONFLICT", "Only an approved version is acknowledged");
  if (!version.material) return { assigned: 0, mailIds: [] };
  const actor = { actorId: input.actorId, actorLabel: input.actorLabel ?? null, ...(input.request ? { request: input.request } : {}) };
  if (!input.personIds) await syncWorkforceMembers(tx, orgId, actor);

  const persons = await tx.workforcePerson.findMany({
    where: { orgId, active: true, ...(input.personIds ? { id: { in: input.personIds } } : {}) },
    select: { id: true, userId: true, email: true },
  });
  if (persons.length === 0) return { assigned: 0, mailIds: [] };
  const start = version.effectiveAt && version.effectiveAt > now ? version.effectiveAt : now;
  const dueAt = input.dueAt ?? new Date(start.getTime() + ACK_DUE_DAYS * DAY_MS);
  if (dueAt <= now) throw new AppError("VALIDATION", "The due time must be after the assignment", { dueAt: ["After the assignment"] });
  const rows = persons.map((p) => ({ orgId, versionId, personId: p.id, assignedAt: now, dueAt, createdAt: now, updatedAt: now }));
  const columns = { orgId: "uuid", versionId: "uuid", personId: "uuid", assignedAt: "timestamptz(3)", dueAt: "timestamptz(3)", createdAt: "timestamptz(3)", updatedAt: "timestamptz(3)" };
  // Only the rows this call wrote come back: an existing (version, person) is skipped by the unique index.
  const created = await tx.$queryRaw<{ id: string; personId: string }[]>(
    Prisma.sql`${jsonInsert("PolicyAcknowledgement", columns, rows)} ON CONFLICT ("versionId", "personId") DO NOTHING RETURNING id::text, "personId"::text`,
  );
  if (created.length === 0) return { assigned: 0, mailIds: [] };

  const byId = new Map(persons.map((p) => [p.id, p]));
  const memberUserIds = created.flatMap((a) => byId.get(a.personId)?.userId ?? []);
  const linkTargets = created.filter((a) => !byId.get(a.personId)?.userId).map((a) => ({ ackId: a.id, email: byId.get(a.personId)!.email, dueAt }));
  const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true, name: true } });
  const taskMails = await notifyUsers(tx, { orgId, orgSlug: org.slug, orgName: org.name, postId: null, kind: "policy_ack_assigned", userIds: memberUserIds });
  const links = await issueAckLinks(tx, orgId, org.name, linkTargets, "start", now);
  await tx.$executeRaw(
    Prisma.sql`${jsonInsert("PolicyReminder", { orgId: "uuid", acknowledgementId: "uuid", milestone: "text", sentAt: "timestamptz(3)" }, created.map((a) => ({ orgId, acknowledgementId: a.id, milestone: "start", sentAt: now })))} ON CONFLICT DO NOTHING`,
  );
  await recordAuditEvent(tx, {
    orgId, ...actor, action: "ack.assigned", targetType: "PolicyManualVersion", targetId: versionId,
    metadata: { assigned: created.length, inApp: memberUserIds.length, linksSent: linkTargets.length, dueAt: dueAt.toISOString(), scope: input.personIds ? "new_people" : "roster" },
  });
  return { assigned: created.length, mailIds: [...taskMails, ...links.mailIds] };
}
