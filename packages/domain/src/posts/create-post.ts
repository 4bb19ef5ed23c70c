import type { TenantContext } from "../context";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { parseInput } from "../validate";
import { assertOwnMedia } from "./post-media";
import { postContentSchema } from "./post-schemas";

/** A new draft with its first revision. Drafts are private to the org until submitted. */
export async function createPost(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "posts.create");
  const content = parseInput(postContentSchema, input);
  return ctx.db.$transaction(async (tx) => {
    await assertOwnMedia(tx, ctx.org.id, content.mediaIds);
    const post = await tx.post.create({
      data: {
        orgId: ctx.org.id,
        authorId: ctx.user.id,
        title: content.title,
        channels: content.channels,
        scheduledAt: content.scheduledAt ? new Date(content.scheduledAt) : null,
        currentRevision: 1,
      },
    });
    const revision = await tx.postRevision.create({
      data: { orgId: ctx.org.id, postId: post.id, number: 1, text: content.text, channelTexts: content.channelTexts, mediaIds: content.mediaIds, createdById: ctx.user.id },
    });
    await recordAuditEvent(tx, {
      orgId: ctx.org.id,
      actorId: ctx.user.id,
      action: "post.created",
      targetType: "Post",
      targetId: post.id,
      metadata: { revisionId: revision.id, channels: content.channels, media: content.mediaIds.length },
      request: ctx.request,
    });
    return { post, revision };
  });
}
