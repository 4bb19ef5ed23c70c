import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { currentRevisionOf, lockPost } from "../posts/post-access";
import { canTransition, nextState } from "../posts/post-state-machine";
import { parseInput } from "../validate";

export const unlinkMediaPersonSchema = z.object({
  postId: z.string().uuid("Not a valid post id"),
  personId: z.string().uuid("Not a valid person id"),
});

const FINAL = ["PUBLISHED", "REJECTED", "EXPIRED"];

/**
 * Removes a person marked as shown in an image of a post (a wrong consent picked, staff attested
 * by mistake). Approvals were given with the link in place, so they are voided, and an approved or
 * scheduled post goes back to changes-requested: it needs a new look before it can go out.
 */
export async function unlinkMediaPerson(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "consents.link");
  const d = parseInput(unlinkMediaPersonSchema, input);
  const orgId = ctx.org.id;
  return ctx.db.$transaction(async (tx) => {
    const post = await lockPost(tx, orgId, d.postId);
    const person = await tx.mediaPerson.findFirst({ where: { id: d.personId, orgId } });
    const revision = await currentRevisionOf(tx, post);
    if (!person || !revision.mediaIds.includes(person.mediaId)) throw AppError.notFound("This person is not marked in the post's current images");
    if (FINAL.includes(post.state)) throw new AppError("CONFLICT", `The post is ${post.state.toLowerCase()}: who is shown can no longer change`);
    await tx.mediaPerson.delete({ where: { id: person.id, orgId } });
    const voided = await tx.approval.updateMany({ where: { orgId, postId: post.id, voidedAt: null }, data: { voidedAt: new Date(), voidReason: "people shown changed" } });
    const state = ["APPROVED", "SCHEDULED"].includes(post.state) && canTransition(post.state, "consentWithdrawn") ? nextState(post.state, "consentWithdrawn") : post.state;
    if (state !== post.state) await tx.post.update({ where: { id: post.id, orgId }, data: { state } });
    await recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: "media.person_unlinked", targetType: "Media", targetId: person.mediaId,
      metadata: { postId: post.id, personId: person.id, kind: person.kind, consentId: person.consentId, revision: post.currentRevision, approvalsVoided: voided.count, from: post.state, to: state },
      request: ctx.request,
    });
    return { state, approvalsVoided: voided.count };
  });
}
