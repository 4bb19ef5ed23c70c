import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { deliverMail } from "../mail/send-mail";
import { formFlag, parseInput } from "../validate";
import { latestAckVersion } from "./ack-records";
import { assignPolicyAcknowledgements } from "./assign-policy-acknowledgements";

export const setPersonActiveSchema = z.object({ personId: z.string().uuid("Not a valid person id"), active: formFlag });

/**
 * Takes someone without an account off the roster (they left) or back on it. Nobody is deleted: their
 * acknowledgements stay in the register. Members follow their membership (synced), not this. Someone
 * brought back gets the current version to acknowledge if they have not yet.
 */
export async function setWorkforcePersonActive(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "manual.manage");
  const { personId, active } = parseInput(setPersonActiveSchema, input);
  const orgId = ctx.org.id;
  const result = await ctx.db.$transaction(async (tx) => {
    const person = await tx.workforcePerson.findFirst({ where: { id: personId, orgId } });
    if (!person) throw AppError.notFound("Person not found");
    if (person.userId) throw new AppError("CONFLICT", "A member stays on the roster while they are a member: remove them from the organization instead");
    if (person.active === active) return { mailIds: [] as string[] };
    await tx.workforcePerson.update({ where: { id: personId, orgId }, data: { active } });
    await recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: active ? "workforce.reactivated" : "workforce.deactivated", targetType: "WorkforcePerson", targetId: personId, request: ctx.request,
    });
    const version = active ? await latestAckVersion(tx, orgId) : null;
    return version ? await assignPolicyAcknowledgements(tx, { orgId, versionId: version.id, actorId: ctx.user.id, request: ctx.request, personIds: [personId] }) : { mailIds: [] as string[] };
  });
  for (const id of result.mailIds) await deliverMail(id);
  return { personId, active };
}
