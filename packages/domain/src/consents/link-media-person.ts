import { randomUUID } from "node:crypto";
import { forOrg, ORG_ID, rawSql } from "@vetted/db";
import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { currentRevisionOf } from "../posts/post-access";
import { parseInput } from "../validate";
import { mediaPersonAad } from "./consent-records";
import { coverageGap } from "./consent-vocabulary";
import { encryptField } from "./crypto";

export const linkMediaPersonSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("PATIENT"),
    postId: z.string().uuid("Not a valid post id"),
    mediaId: z.string().uuid("Not a valid media id"),
    consentId: z.string().uuid("Pick the patient's consent"),
    label: z.string().trim().max(120, "Keep the position note short").optional(),
  }),
  z.object({
    kind: z.literal("STAFF"),
    postId: z.string().uuid("Not a valid post id"),
    mediaId: z.string().uuid("Not a valid media id"),
    attest: z.literal(true, { message: "Confirm that this person is a member of staff who agreed to be shown" }),
    label: z.string().trim().max(120, "Keep the position note short").optional(),
  }),
], { message: "Kind must be PATIENT or STAFF" });

/**
 * A consultant says who is shown in an image of a post: a patient, with the consent that covers
 * this post (ACTIVE, the post's channels, the social media purpose), or staff, attested by them.
 * A consent not verified yet may be linked; approval waits for the verification.
 */
export async function linkMediaPerson(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "consents.link");
  const d = parseInput(linkMediaPersonSchema, input);
  const orgId = ctx.org.id;
  return ctx.db.$transaction(async (tx) => {
    const post = await tx.post.findFirst({ where: { id: d.postId, orgId } });
    if (!post) throw AppError.notFound("Post not found");
    const revision = await currentRevisionOf(tx, post);
    if (!revision.mediaIds.includes(d.mediaId)) throw AppError.notFound("This image is not part of the post's current version");
    if (d.kind === "PATIENT") {
      await rawSql(tx, forOrg(orgId)).execute`SELECT 1 FROM "Consent" WHERE id = ${d.consentId}::uuid AND "orgId" = ${ORG_ID}::uuid FOR SHARE`;
      const consent = await tx.consent.findFirst({ where: { id: d.consentId, orgId } });
      if (!consent) throw AppError.notFound("Consent not found");
      const gap = coverageGap(consent, post.channels, { requireVerified: false, publishAt: post.scheduledAt });
      if (gap) throw new AppError("CONFLICT", `This consent cannot be linked to this post: ${gap}`, { consentId: [gap] });
      const dup = await tx.mediaPerson.count({ where: { orgId, mediaId: d.mediaId, consentId: d.consentId } });
      if (dup) throw new AppError("CONFLICT", "This consent is already linked to this image");
    }
    const id = randomUUID();
    const person = await tx.mediaPerson.create({
      data: {
        id, orgId, mediaId: d.mediaId, kind: d.kind, createdById: ctx.user.id,
        consentId: d.kind === "PATIENT" ? d.consentId : null,
        attestedById: d.kind === "STAFF" ? ctx.user.id : null,
        attestedAt: d.kind === "STAFF" ? new Date() : null,
        labelCipher: d.label ? encryptField(d.label, mediaPersonAad(orgId, id)) : null,
      },
    });
    await recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: d.kind === "PATIENT" ? "media.patient_linked" : "media.staff_attested", targetType: "Media", targetId: d.mediaId,
      metadata: { postId: post.id, personId: id, consentId: person.consentId, revision: post.currentRevision },
      request: ctx.request,
    });
    return { person: { id, mediaId: person.mediaId, kind: person.kind, consentId: person.consentId, attestedById: person.attestedById } };
  });
}
