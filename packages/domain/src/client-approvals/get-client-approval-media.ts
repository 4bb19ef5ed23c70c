import { db } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { AppError } from "../errors";
import { MediaFileMissingError, mediaStorage } from "../media/storage";
import { parseInput } from "../validate";
import { clientMediaSchema } from "./client-approval-schemas";
import type { AbuseLimiter } from "../limits/abuse-limiter";
import { guardPublicLink } from "../limits/guard-public-link";
import { findLinkByToken, isClientLinkMiss, linkActor, linkProblem, postOfLink } from "./client-link-records";
import { assertSession } from "./client-link-session";

/**
 * Public: one image of the linked revision for a confirmed browser, the cleaned display file only
 * (never the as-uploaded original with its metadata). An image of another revision or post is not
 * found. Every read is audited, like any media download.
 */
export async function getClientApprovalMedia(token: unknown, session: unknown, input: unknown, request: RequestMeta, limiter?: AbuseLimiter) {
  const { mediaId } = parseInput(clientMediaSchema, input);
  const { link, media } = await guardPublicLink(request, () => db().$transaction(async (tx) => {
    const link = await findLinkByToken(tx, token);
    const problem = await linkProblem(tx, link, await postOfLink(tx, link));
    if (problem) throw problem;
    assertSession(link, session);
    const revision = await tx.postRevision.findFirstOrThrow({ where: { id: link.revisionId, orgId: link.orgId }, select: { mediaIds: true } });
    const media = revision.mediaIds.includes(mediaId) ? await tx.media.findFirst({ where: { id: mediaId, orgId: link.orgId } }) : null;
    if (!media) throw AppError.notFound("Image not found");
    return { link, media };
  }), isClientLinkMiss, limiter);
  let bytes: Buffer;
  try {
    bytes = await mediaStorage().get(media.storageKey);
  } catch (error) {
    if (!(error instanceof MediaFileMissingError)) throw error;
    throw AppError.notFound("The file for this image is missing");
  }
  await db().$transaction((tx) =>
    recordAuditEvent(tx, {
      orgId: link.orgId, ...linkActor(link, request), action: "client_approval.media_viewed", targetType: "Media", targetId: media.id,
      metadata: { linkId: link.id, bytes: bytes.length },
    }),
  );
  return { bytes, mime: media.mime };
}
