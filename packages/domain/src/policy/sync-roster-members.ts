import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { deliverMail } from "../mail/send-mail";
import { latestAckVersion } from "./ack-records";
import { assignPolicyAcknowledgements } from "./assign-policy-acknowledgements";
import { lockRoster, syncWorkforceMembers } from "./sync-workforce-members";

/**
 * Brings the roster in step with the org's members (syncWorkforceMembers) and gives those who joined
 * the current version to acknowledge. The roster page runs it before listing; the reminder sweep runs
 * the same for every org, so a new member's task appears within the hour without anyone looking.
 */
export async function syncRosterMembers(ctx: TenantContext) {
  assertCan(ctx, "manual.manage");
  const orgId = ctx.org.id;
  const actor = { actorId: ctx.user.id, request: ctx.request };
  const result = await ctx.db.$transaction(async (tx) => {
    await lockRoster(tx, orgId);
    const sync = await syncWorkforceMembers(tx, orgId, actor);
    const version = sync.joined.length ? await latestAckVersion(tx, orgId) : null;
    const assigned = version ? await assignPolicyAcknowledgements(tx, { orgId, versionId: version.id, ...actor, personIds: sync.joined }) : { assigned: 0, mailIds: [] };
    return { joined: sync.joined.length, updated: sync.updated, deactivated: sync.deactivated, assigned: assigned.assigned, mailIds: assigned.mailIds };
  });
  for (const id of result.mailIds) await deliverMail(id);
  return { joined: result.joined, updated: result.updated, deactivated: result.deactivated, assigned: result.assigned };
}
