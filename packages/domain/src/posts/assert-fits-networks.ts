import type { TenantContext } from "../context";
import { assertCan } from "../access/permissions";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { networkProblems, type PostShape } from "./network-limits";
import { postContentSchema } from "./post-schemas";

/**
 * Refuses a post that breaks a hard limit of a network it goes to (issue 16), naming each field and
 * network: `text: "X allows 280 characters; this post has 312"`. Drafts may be saved over a limit, as in
 * Sprout Social or Hootsuite, so an author can trim later; only what goes to review must fit, because an
 * approved post is published as it is. The composer runs the same checks as the author types.
 */
export function assertFitsNetworks(post: PostShape): void {
  const problems = networkProblems(post);
  if (!problems.length) return;
  const fields: Record<string, string[]> = {};
  for (const p of problems) (fields[p.field] ??= []).push(p.message);
  throw new AppError("VALIDATION", `Not submitted: ${problems.map((p) => p.message).join("; ")}.`, fields);
}

/** A revision as stored: the variants are JSON. */
export function revisionShape(revision: { text: string; channelTexts: unknown; mediaIds: string[] }, channels: readonly string[]): PostShape {
  const variants = revision.channelTexts && typeof revision.channelTexts === "object" ? (revision.channelTexts as Record<string, unknown>) : {};
  const channelTexts = Object.fromEntries(Object.entries(variants).filter((e): e is [string, string] => typeof e[1] === "string"));
  return { text: revision.text, channelTexts, channels, imageCount: revision.mediaIds.length };
}

/**
 * For a new post submitted in one go: checked before its draft is created, so a refused submit leaves no
 * stray draft behind (the author can still "Save draft" over the limit).
 */
export function assertNewPostFitsNetworks(ctx: TenantContext, input: unknown): void {
  // Who may not submit hears so first, not about the text.
  assertCan(ctx, "posts.submit");
  const content = parseInput(postContentSchema, input);
  assertFitsNetworks({ text: content.text, channelTexts: content.channelTexts, channels: content.channels, imageCount: content.mediaIds.length });
}
