import type { Tx } from "@vetted/db";
import { advisoryXactLock } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";

export interface SyncActor {
  actorId: string | null;
  actorLabel?: string | null;
  request?: RequestMeta;
}

/**
 * Serializes the writers of one org's roster (imports, member syncs, the sweep) until the transaction
 * ends. Lock order: the manual's lock (lockManual) before this one, both before any audit event.
 */
export async function lockRoster(tx: Tx, orgId: string): Promise<void> {
  await advisoryXactLock(tx, `workforce-roster:${orgId}`);
}

export interface SyncResult {
  /** Persons who became active members of the roster in this run (new, linked by email, or back): to be assigned. */
  joined: string[];
  updated: number;
  deactivated: number;
}

/**
 * Brings the roster in step with the org's members, inside the caller's transaction: every member is
 * a WorkforcePerson with source MEMBER (a CSV person with the member's email becomes that member's
 * row, keeping department, role and acknowledgements), names and addresses follow the account, and a
 * member who left is deactivated (never deleted: their acknowledgements are the record). Audited
 * with counts only when something changed.
 */
export async function syncWorkforceMembers(tx: Tx, orgId: string, actor: SyncActor): Promise<SyncResult> {
  const members = await tx.membership.findMany({ where: { orgId }, select: { user: { select: { id: true, name: true, email: true } } } });
  const users = members.map((m) => ({ ...m.user, email: m.user.email.toLowerCase(), name: m.user.name.trim().slice(0, 200) || m.user.email }));
  const persons = await tx.workforcePerson.findMany({
    where: { orgId, OR: [{ source: "MEMBER" }, { email: { in: users.map((u) => u.email) } }] },
    select: { id: true, userId: true, email: true, name: true, active: true, source: true },
  });
  const byUser = new Map(persons.filter((p) => p.userId).map((p) => [p.userId!, p]));
  const byEmail = new Map(persons.map((p) => [p.email, p]));
  const result: SyncResult = { joined: [], updated: 0, deactivated: 0 };

  for (const u of users) {
    const own = byUser.get(u.id);
    if (own) {
      // Another row already holding the new address keeps it: the address change waits for that row to go.
      const holder = byEmail.get(u.email);
      const email = holder && holder.id !== own.id ? own.email : u.email;
      if (own.name !== u.name || own.email !== email || !own.active) {
        await tx.workforcePerson.update({ where: { id: own.id, orgId }, data: { name: u.name, email, active: true } });
        if (!own.active) result.joined.push(own.id);
        else result.updated += 1;
      }
      continue;
    }
    const sameEmail = byEmail.get(u.email);
    if (sameEmail && !sameEmail.userId) {
      await tx.workforcePerson.update({ where: { id: sameEmail.id, orgId }, data: { userId: u.id, source: "MEMBER", name: u.name, active: true } });
      result.joined.push(sameEmail.id);
      continue;
    }
    if (sameEmail) continue; // held by another member's row: that account changed its address; resolved when it syncs.
    const created = await tx.workforcePerson.create({ data: { orgId, name: u.name, email: u.email, userId: u.id, source: "MEMBER" }, select: { id: true } });
    result.joined.push(created.id);
  }
  const memberIds = new Set(users.map((u) => u.id));
  const gone = persons.filter((p) => p.source === "MEMBER" && p.active && p.userId && !memberIds.has(p.userId)).map((p) => p.id);
  if (gone.length) {
    result.deactivated = (await tx.workforcePerson.updateMany({ where: { orgId, id: { in: gone } }, data: { active: false } })).count;
  }
  if (result.joined.length || result.updated || result.deactivated) {
    await recordAuditEvent(tx, {
      orgId, actorId: actor.actorId, actorLabel: actor.actorLabel ?? null, action: "workforce.members_synced", targetType: "WorkforceRoster", targetId: orgId,
      metadata: { joined: result.joined.length, updated: result.updated, deactivated: result.deactivated },
      ...(actor.request ? { request: actor.request } : {}),
    });
  }
  return result;
}
