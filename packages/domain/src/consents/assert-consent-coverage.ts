import type { Channel, Db, PersonKind, Tx } from "@vetted/db";
import { AppError } from "../errors";
import { coverageGap } from "./consent-vocabulary";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The post's channels, and its scheduled time: a consent must still be valid when it goes out. */
export type CoveredPost = { channels: Channel[]; scheduledAt?: Date | null };

export interface ImageCoverage {
  mediaId: string;
  /** 1-based position in the post, as people see it. */
  position: number;
  faces: number;
  people: { id: string; kind: PersonKind; consentId: string | null; attested: boolean; labelCipher: string | null; gap: string | null; createdAt: Date }[];
  countedConsents: number;
  attestedStaff: number;
  /** Faces not accounted for by a counting consent or attested staff. */
  missing: number;
  problems: string[];
}

/**
 * Who is shown in each image of a revision, and what is still missing. Faces are counted per image
 * from the revision's FACE findings (ScanJob.faces is only the total); a FACE finding a reviewer
 * dismissed as a false positive (with an audited reason) is not counted. A patient counts only
 * through a verified, ACTIVE consent that covers the post's channels and purpose.
 */
export async function consentCoverage(client: Db | Tx, orgId: string, post: CoveredPost, revisionId: string, now = new Date()): Promise<ImageCoverage[]> {
  const revision = await client.postRevision.findFirstOrThrow({ where: { id: revisionId, orgId }, select: { mediaIds: true } });
  const mediaIds = revision.mediaIds;
  if (mediaIds.length === 0) return [];
  const [faces, people] = await Promise.all([
    client.finding.findMany({ where: { orgId, revisionId, type: "FACE", dismissedAt: null, mediaId: { in: mediaIds } }, select: { mediaId: true } }),
    client.mediaPerson.findMany({ where: { orgId, mediaId: { in: mediaIds } }, include: { consent: true }, orderBy: { createdAt: "asc" } }),
  ]);
  return mediaIds.map((mediaId, i) => {
    const image = `image ${i + 1}`;
    const faceCount = faces.filter((f) => f.mediaId === mediaId).length;
    const problems: string[] = [];
    const here = people.filter((p) => p.mediaId === mediaId).map((p) => {
      const gap = p.kind !== "PATIENT" ? null : p.consent ? coverageGap(p.consent, post.channels, { requireVerified: true, now, publishAt: post.scheduledAt }) : "no consent is linked";
      if (gap) problems.push(`${image}: a patient's linked consent does not count because ${gap}`);
      return { id: p.id, kind: p.kind, consentId: p.consentId, attested: !!p.attestedById, labelCipher: p.labelCipher, gap, createdAt: p.createdAt };
    });
    const countedConsents = here.filter((p) => p.kind === "PATIENT" && !p.gap).length;
    const attestedStaff = here.filter((p) => p.kind === "STAFF" && p.attested).length;
    const missing = Math.max(0, faceCount - countedConsents - attestedStaff);
    if (missing > 0) {
      // Linked and counting differ while a consent awaits verification (or lapsed): say both, so the
      // line never reads "0 consents linked" beside a consent that is plainly linked.
      const linkedConsents = here.filter((p) => p.kind === "PATIENT").length;
      const consents = linkedConsents === countedConsents
        ? `${plural(countedConsents, "consent")} linked`
        : `${plural(linkedConsents, "consent")} linked, ${countedConsents} of them counting,`;
      problems.push(
        `${image} shows ${plural(faceCount, "face")}; ${consents} and ${attestedStaff} staff attested: ` +
          `link ${missing} more ${missing === 1 ? "consent" : "consents"} or attest staff`,
      );
    }
    return { mediaId, position: i + 1, faces: faceCount, people: here, countedConsents, attestedStaff, missing, problems };
  });
}

/** Why the revision's images are not covered, or null when they are. */
export async function consentCoverageProblem(client: Db | Tx, orgId: string, post: CoveredPost, revisionId: string, now = new Date()): Promise<string | null> {
  const problems = (await consentCoverage(client, orgId, post, revisionId, now)).flatMap((c) => c.problems);
  return problems.length ? problems.join("; ") : null;
}

/** The consent part of the approval (and scheduling) gate: refuses, saying per image what is missing. */
export async function assertConsentCoverage(tx: Tx, orgId: string, post: CoveredPost, revisionId: string, opts: { now?: Date; doing?: "approved" | "scheduled" } = {}): Promise<void> {
  const problem = await consentCoverageProblem(tx, orgId, post, revisionId, opts.now);
  if (problem) throw new AppError("CONFLICT", `Consents are missing, so this post cannot be ${opts.doing ?? "approved"}: ${problem}`);
}
