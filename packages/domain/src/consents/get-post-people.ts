import type { Channel } from "@vetted/db";
import { can } from "../access/permissions";
import type { TenantContext } from "../context";
import { consentCoverage } from "./assert-consent-coverage";
import { consentAad, mediaPersonAad } from "./consent-records";
import { decryptField, decryptOptional } from "./crypto";

/**
 * "Who is shown" for the post page: per image of the current revision, the faces the scan found,
 * the people marked (patients with their consent, attested staff) and what the approval gate still
 * misses. Patient names are decrypted for roles with consents.view; the page read itself is
 * audited as the post view (getPost), which this always accompanies.
 */
export async function getPostPeople(ctx: TenantContext, post: { id: string; channels: Channel[]; scheduledAt: Date | null }, revisionId: string) {
  const coverage = await consentCoverage(ctx.db, ctx.org.id, post, revisionId);
  const consentIds = [...new Set(coverage.flatMap((c) => c.people.map((p) => p.consentId)).filter((id): id is string => !!id))];
  const consents = consentIds.length ? await ctx.db.consent.findMany({ where: { orgId: ctx.org.id, id: { in: consentIds } } }) : [];
  const withNames = can(ctx, "consents.view");
  const nameOf = (consentId: string | null) => {
    const c = consents.find((x) => x.id === consentId);
    return c && withNames ? decryptField(c.subjectNameCipher, consentAad(c.orgId, c.id, "subjectName")) : null;
  };
  return coverage.map((image) => ({
    mediaId: image.mediaId,
    position: image.position,
    faces: image.faces,
    missing: image.missing,
    problems: image.problems,
    people: image.people.map((p) => {
      const consent = consents.find((c) => c.id === p.consentId);
      return {
        id: p.id,
        kind: p.kind,
        attested: p.attested,
        label: withNames ? decryptOptional(p.labelCipher, mediaPersonAad(ctx.org.id, p.id)) : null,
        gap: p.gap,
        consent: consent ? { id: consent.id, name: nameOf(consent.id), status: consent.status, verified: !!consent.verifiedAt, expiresAt: consent.expiresAt } : null,
      };
    }),
  }));
}
export type PostPeople = Awaited<ReturnType<typeof getPostPeople>>;
