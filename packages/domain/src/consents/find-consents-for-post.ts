import { z } from "zod";
import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { coverageGap } from "./consent-vocabulary";
import { searchConsents } from "./search-consents";

export const findConsentsForPostSchema = z.object({
  postId: z.string().uuid("Not a valid post id"),
  name: z.string().trim().min(1, "Enter the patient's full name as on the consent").max(200, "Keep the name under 200 characters"),
});

/**
 * The consultant's lookup when marking a patient in an image: consents with exactly this name,
 * each with the reason it could not be linked to this post (revoked, wrong channels, …) or null.
 * The search itself is audited by searchConsents; the name is never stored.
 */
export async function findConsentsForPost(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "consents.link");
  const d = parseInput(findConsentsForPostSchema, input);
  const post = await ctx.db.post.findFirst({ where: { id: d.postId, orgId: ctx.org.id }, select: { channels: true, scheduledAt: true } });
  if (!post) throw AppError.notFound("Post not found");
  const { consents } = await searchConsents(ctx, { name: d.name });
  return consents.map((c) => ({
    ...c,
    gap: coverageGap({ ...c, verifiedAt: null }, post.channels, { requireVerified: false, publishAt: post.scheduledAt }),
  }));
}
export type ConsentMatch = Awaited<ReturnType<typeof findConsentsForPost>>[number];
