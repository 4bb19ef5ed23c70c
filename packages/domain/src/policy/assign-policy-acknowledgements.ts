import { Prisma, type Tx, forOrg, ORG_ID, rawSql } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { AppError } from "../errors";
import { jsonInsert } from "../json-insert";
import { notifyUsers } from "../notifications/notify";
import { issueAckLinks } from "./ack-links";
import { DAY_MS, inAckScope } from "./ack-rules";
import { loadAckSettings } from "./ack-settings";
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
  /** An explicit due time (the demo seed's overdue example); the org's due period after the version takes effect otherwise. */
  dueAt?: Date;
}

export interface AssignResult {
  assigned: number;
  /** Outbox mails to deliver after the commit (deliverMail). */
  mailIds: string[];
}

/**
 * Gives every active person of the roster who must acknowledge (the org's departments and roles;
 * members synced first) an acknowledgement of an approved, material version, inside the caller's
 * transaction (the approval's, an import's, the sweep's). Each is due the org's due period after the
 * version takes effect (or after now, if later). A person who already has one for this version (any
 * cycle) is skipped: calling it twice assigns nothing new. A non-material version assigns nothing (the
 * last material one still counts). People outside the scope are not assigned, even when named.
 */
export async function assignPolicyAcknowledgements(tx: Tx, input: AssignPolicyAcknowledgementsInput): Promise<AssignResult> {
  const { orgId, versionId } = input;
  const now = input.now ?? new Date();
  const version = await tx.policyManualVersion.findFirst({ where: { id: versionId, orgId }, select: { status: true, material: true, effectiveAt: true } });
  if (!version || version.status !== "APPROVED") throw new AppError("CONFLICT", "Only an approved version is acknowledged");
  if (!version.material) return { assigned: 0, mailIds: [] };
  const actor = { actorId: input.actorId, actorLabel: input.actorLabel ?? null, ...(input.request ? { request: input.request } : {}) };
  if (!input.personIds) await syncWorkforceMembers(tx, orgId, actor);

  const settings = await loadAckSettings(tx, orgId);
  const candidates = await tx.workforcePerson.findMany({
    where: { orgId, active: true, ...(input.personIds ? { id: { in: input.personIds } } : {}) },
    select: { id: true, userId: true, email: true, department: true, jobRole: true },
  });
  // The whole roster: only those without an acknowledgement of this version yet (the insert would skip the others anyway).
  const have = input.personIds ? new Set<string>() : new Set((await tx.policyAcknowledgement.findMany({ where: { orgId, versionId }, select: { personId: true }, distinct: ["personId"] })).map((a) => a.personId));
  const persons = candidates.filter((p) => inAckScope(p, settings.scope) && !have.has(p.id));
  if (persons.length === 0) return { assigned: 0, mailIds: [] };
  const start = version.effectiveAt && version.effectiveAt > now ? version.effectiveAt : now;
  const dueAt = input.dueAt ?? new Date(start.getTime() + settings.dueDays * DAY_MS);
  return openAcknowledgements(tx, {
    orgId, versionId, persons: persons.map((p) => ({ ...p, cycle: 1 })), dueAt, now, actor, kind: "start", scope: input.personIds ? "new_people" : "roster",
  });
}

export interface OpenAcknowledgementsInput {
  orgId: string;
  versionId: string;
  persons: { id: string; userId: string | null; email: string; cycle: number }[];
  dueAt: Date;
  now: Date;
  actor: { actorId: string | null; actorLabel?: string | null; request?: RequestMeta };
  /** "start": a version assigned; "renewal": the next cycle of one already signed (the org's cadence). */
  kind: "start" | "renewal";
  /** For the audit trail: what opened them. */
  scope: string;
}

/**
 * Writes the acknowledgements (person, cycle) of a version and tells each person: members get an
 * in-app task and its mail; people without an account get their single-use link by mail. The "start"
 * reminder is recorded for each, so the sweep does not send it again. An existing (version, person,
 * cycle) is skipped by the unique index, so a second caller opens nothing. Audited once, with counts.
 */
export async function openAcknowledgements(tx: Tx, d: OpenAcknowledgementsInput): Promise<AssignResult> {
  const { orgId, versionId, now, dueAt } = d;
  if (d.persons.length === 0) return { assigned: 0, mailIds: [] };
  if (dueAt <= now) throw new AppError("VALIDATION", "The due time must be after the assignment", { dueAt: ["After the assignment"] });
  const rows = d.persons.map((p) => ({ orgId, versionId, personId: p.id, cycle: p.cycle, assignedAt: now, dueAt, createdAt: now, updatedAt: now }));
  const columns = { orgId: "uuid", versionId: "uuid", personId: "uuid", cycle: "int", assignedAt: "timestamptz(3)", dueAt: "timestamptz(3)", createdAt: "timestamptz(3)", updatedAt: "timestamptz(3)" };
  // Only the rows this call wrote come back: an existing (version, person, cycle) is skipped by the unique index.
  const created = await rawSql(tx, forOrg(orgId)).query<{ id: string; personId: string }[]>(
    Prisma.sql`${jsonInsert("PolicyAcknowledgement", columns, rows, { orgId: ORG_ID })} ON CONFLICT ("versionId", "personId", "cycle") DO NOTHING RETURNING id::text, "personId"::text`,
  );
  if (created.length === 0) return { assigned: 0, mailIds: [] };

  const byId = new Map(d.persons.map((p) => [p.id, p]));
  const memberUserIds = created.flatMap((a) => byId.get(a.personId)?.userId ?? []);
  const linkTargets = created.filter((a) => !byId.get(a.personId)?.userId).map((a) => ({ ackId: a.id, email: byId.get(a.personId)!.email, dueAt }));
  const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true, name: true } });
  const kind = d.kind === "renewal" ? "policy_ack_renewal" : "policy_ack_assigned";
  const taskMails = await notifyUsers(tx, { orgId, orgSlug: org.slug, orgName: org.name, postId: null, kind, userIds: memberUserIds, request: d.actor.request });
  const links = await issueAckLinks(tx, orgId, org.name, linkTargets, d.kind, d.actor.request, now);
  await rawSql(tx, forOrg(orgId)).execute(
    Prisma.sql`${jsonInsert("PolicyReminder", { orgId: "uuid", acknowledgementId: "uuid", milestone: "text", sentAt: "timestamptz(3)" }, created.map((a) => ({ orgId, acknowledgementId: a.id, milestone: "start", sentAt: now })), { orgId: ORG_ID })} ON CONFLICT DO NOTHING`,
  );
  await recordAuditEvent(tx, {
    orgId, ...d.actor, actorLabel: d.actor.actorLabel ?? null, action: d.kind === "renewal" ? "ack.renewal_opened" : "ack.assigned", targetType: "PolicyManualVersion", targetId: versionId,
    metadata: { assigned: created.length, inApp: memberUserIds.length, linksSent: linkTargets.length, dueAt: dueAt.toISOString(), scope: d.scope },
  });
  return { assigned: created.length, mailIds: [...taskMails, ...links.mailIds] };
}
