import type { Channel, Tx } from "@vetted/db";
import { AppError } from "../errors";
import { coverageGap } from "./consent-vocabulary";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The consent part of the approval gate. For each image of the revision: every patient marked as
 * shown needs a verified, ACTIVE consent covering the post's channels and purpose, and the faces
 * the scanner found there must not outnumber those consents plus staff attested by the consultant.
 *
 * Faces are counted per image from the revision's FACE findings (ScanJob.faces is only the total).
 * A FACE finding a reviewer dismissed as a false positive (with an audited reason) is not counted.
 */
export async function assertConsentCoverage(tx: Tx, orgId: string, post: { channels: Channel[] }, revisionId: string, now = new Date()): Promise<void> {
  const revision = await tx.postRevision.findFirstOrThrow({ where: { id: revisionId, orgId }, select: { mediaIds: true } });
  const mediaIds = revision.mediaIds;
  if (mediaIds.length === 0) return;
  const [faces, people] = await Promise.all([
    tx.finding.findMany({ where: { orgId, revisionId, type: "FACE", dismissedAt: null, mediaId: { in: mediaIds } }, select: { mediaId: true } }),
    tx.mediaPerson.findMany({ where: { orgId, mediaId: { in: mediaIds } }, include: { consent: true } }),
  ]);
  const problems: string[] = [];
  mediaIds.forEach((mediaId, i) => {
    const image = `image ${i + 1}`;
    const faceCount = faces.filter((f) => f.mediaId === mediaId).length;
    const here = people.filter((p) => p.mediaId === mediaId);
    let consents = 0;
    for (const p of here.filter((x) => x.kind === "PATIENT")) {
      const gap = p.consent ? coverageGap(p.consent, post.channels, { requireVerified: true, now }) : "no consent is linked";
      if (gap) problems.push(`${image}: a patient's linked consent does not count because ${gap}`);
      else consents++;
    }
    const staff = here.filter((x) => x.kind === "STAFF" && x.attestedById).length;
    const missing = faceCount - consents - staff;
    if (missing > 0) {
      problems.push(
        `${image} shows ${plural(faceCount, "face")}; ${plural(consents, "consent")} linked and ${staff} staff attested: ` +
          `link ${missing} more ${missing === 1 ? "consent" : "consents"} or attest staff`,
      );
    }
  });
  if (problems.length) throw new AppError("CONFLICT", `Consents are missing, so this post cannot be approved: ${problems.join("; ")}`);
}
