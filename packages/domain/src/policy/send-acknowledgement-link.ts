import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { deliverMail } from "../mail/send-mail";
import { parseInput } from "../validate";
import { issueAckLinks } from "./ack-links";
import { latestAckVersion } from "./ack-records";
import { inAckScope } from "./ack-rules";
import { loadAckSettings } from "./ack-settings";
import { assignPolicyAcknowledgements } from "./assign-policy-acknowledgements";

export const personIdSchema = z.object({ personId: z.string().uuid("Not a valid person id") });

/**
 * Mails a person a new single-use link to acknowledge the newest version (14 days; any earlier link
 * stops working at once). A person not yet assigned is assigned first; for someone without an
 * account that already mails their first link, so no second mail goes out. A signed acknowledgement
 * needs no link (409). Audited by ids.
 */
export async function sendAcknowledgementLink(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "manual.manage");
  const { personId } = parseInput(personIdSchema, input);
  const orgId = ctx.org.id;
  const result = await ctx.db.$transaction(async (tx) => {
    const person = await tx.workforcePerson.findFirst({ where: { id: personId, orgId } });
    if (!person) throw AppError.notFound("Person not found");
    if (!person.active) throw new AppError("CONFLICT", "This person is inactive on the roster: reactivate them first");
    const version = await latestAckVersion(tx, orgId);
    if (!version) throw new AppError("CONFLICT", "No version of the manual has been approved yet: there is nothing to acknowledge");
    const find = () => tx.policyAcknowledgement.findFirst({ where: { orgId, versionId: version.id, personId }, orderBy: { cycle: "desc" } });
    let ack = await find();
    let mailIds: string[] = [];
    if (!ack) {
      mailIds = (await assignPolicyAcknowledgements(tx, { orgId, versionId: version.id, actorId: ctx.user.id, request: ctx.request, personIds: [personId] })).mailIds;
      ack = await find();
      if (!ack && !inAckScope(person, (await loadAckSettings(tx, orgId)).scope)) {
        throw new AppError("CONFLICT", "This person's department and role are not among those who must acknowledge the policy (manual settings)");
      }
      if (!ack) throw new AppError("CONFLICT", "The acknowledgement could not be assigned; try again");
      if (!person.userId) return { ack, mailIds, linkExpiresAt: ack.linkExpiresAt! };
    }
    if (ack.signedAt) throw new AppError("CONFLICT", `Already signed on ${ack.signedAt.toISOString().slice(0, 10)}: no link needed`);
    const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true } });
    const links = await issueAckLinks(tx, orgId, org.name, [{ ackId: ack.id, email: person.email, dueAt: ack.dueAt }], "resend", ctx.request);
    await recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: "ack.link_sent", targetType: "PolicyAcknowledgement", targetId: ack.id, request: ctx.request,
      metadata: { personId, versionId: version.id, linkExpiresAt: links.linkExpiresAt.toISOString(), replacedEarlierLink: !!ack.linkTokenHash },
    });
    return { ack, mailIds: [...mailIds, ...links.mailIds], linkExpiresAt: links.linkExpiresAt };
  });
  const delivery = [];
  for (const id of result.mailIds) delivery.push(await deliverMail(id));
  return { acknowledgementId: result.ack.id, linkExpiresAt: result.linkExpiresAt, delivery: delivery.at(-1) ?? "outbox" };
}
