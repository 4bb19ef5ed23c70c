import type { Tx } from "@vetted/db";
import { forOrg, ORG_ID, rawSql } from "@vetted/db";
import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { latestAckVersion, withContext, type LinkedAck } from "./ack-records";
import { inAckScope } from "./ack-rules";
import { loadAckSettings } from "./ack-settings";
import { assignPolicyAcknowledgements } from "./assign-policy-acknowledgements";
import { syncWorkforceMembers } from "./sync-workforce-members";

// The in-app acknowledgement task of the signed-in member: their acknowledgement of the newest
// approved material version. A member not yet on the roster, or not yet assigned (they joined after
// the approval), is added and assigned here, so the task is there when they look for it.

export const memberActor = (ctx: TenantContext) => ({ actorId: ctx.user.id, request: ctx.request });

/**
 * The member's acknowledgement to work on, locked when `lock` (inside the transaction), or null when
 * the org has no approved version yet. Assigns it first when missing; mails queued by that are
 * returned for delivery after the commit.
 */
export async function myAcknowledgement(tx: Tx, ctx: TenantContext, lock = false): Promise<{ ack: LinkedAck | null; mailIds: string[] }> {
  assertCan(ctx, "manual.read");
  const orgId = ctx.org.id;
  const version = await latestAckVersion(tx, orgId);
  if (!version) return { ack: null, mailIds: [] };
  let person = await tx.workforcePerson.findFirst({ where: { orgId, userId: ctx.user.id } });
  if (!person || !person.active) {
    await syncWorkforceMembers(tx, orgId, memberActor(ctx));
    person = await tx.workforcePerson.findFirst({ where: { orgId, userId: ctx.user.id } });
  }
  if (!person || !person.active) throw AppError.notFound("You are not on this organization's roster");
  const find = () => tx.policyAcknowledgement.findFirst({ where: { orgId, versionId: version.id, personId: person.id }, orderBy: { cycle: "desc" } });
  let mailIds: string[] = [];
  let ack = await find();
  if (!ack) {
    mailIds = (await assignPolicyAcknowledgements(tx, { orgId, versionId: version.id, ...memberActor(ctx), personIds: [person.id] })).mailIds;
    ack = await find();
    // Not among those who must acknowledge (the org's departments and roles): nothing to sign.
    if (!ack && !inAckScope(person, (await loadAckSettings(tx, orgId)).scope)) return { ack: null, mailIds };
    if (!ack) throw new AppError("CONFLICT", "The acknowledgement could not be assigned; try again");
  }
  if (lock) {
    await rawSql(tx, forOrg(orgId)).execute`SELECT 1 FROM "PolicyAcknowledgement" WHERE id = ${ack.id}::uuid AND "orgId" = ${ORG_ID}::uuid FOR UPDATE`;
    ack = await tx.policyAcknowledgement.findFirstOrThrow({ where: { id: ack.id, orgId } });
  }
  return { ack: await withContext(tx, ack), mailIds };
}

/** A signed acknowledgement is done: no more quiz or signature on it. */
export function assertUnsigned(a: LinkedAck): void {
  if (a.signedAt) throw new AppError("CONFLICT", `You already signed version ${a.versionNumber} of the policy on ${a.signedAt.toISOString().slice(0, 10)}`);
}
