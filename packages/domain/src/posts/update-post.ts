import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { dispatchScanJobNow } from "../scans/dispatch-scan-job-now";
import { parseInput } from "../validate";
import { assertOwnMedia } from "./post-media";
import { assertFitsNetworks, revisionShape } from "./assert-fits-networks";
import { EDITABLE_STATES, nextState } from "./post-state-machine";
import { assertCurrentRevision, currentRevisionOf, lockPost } from "./post-access";
import { postContentSchema, postRefSchema } from "./post-schemas";
import { startScan } from "./start-scan";

const c = postContentSchema.shape;
export const updatePostSchema = postRefSchema.extend({
  title: c.title.optional(),
  text: c.text.optional(),
  channels: c.channels.optional(),
  channelTexts: c.channelTexts.unwrap().optional(),
  scheduledAt: c.scheduledAt,
  mediaIds: c.mediaIds.unwrap().optional(),
});

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Saves an edit as a new revision. Once a post has left the draft, an edit voids every approval it
 * collected and sends the new revision back through the scanner: what was approved is exactly
 * what gets published, never a later edit.
 */
export async function updatePost(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "posts.edit");
  const edit = parseInput(updatePostSchema, input);
  const result = await ctx.db.$transaction(async (tx) => {
    const post = await lockPost(tx, ctx.org.id, edit.postId);
    assertCurrentRevision(post, edit.revision);
    if (!EDITABLE_STATES.includes(post.state)) throw new AppError("CONFLICT", `A ${post.state.toLowerCase()} post can no longer be edited`);
    const prev = await currentRevisionOf(tx, post);
    const next = {
      text: edit.text ?? prev.text,
      channelTexts: edit.channelTexts ?? prev.channelTexts,
      mediaIds: edit.mediaIds ?? prev.mediaIds,
    };
    const fields = {
      title: edit.title ?? post.title,
      channels: edit.channels ?? post.channels,
      scheduledAt: edit.scheduledAt === undefined ? post.scheduledAt : edit.scheduledAt ? new Date(edit.scheduledAt) : null,
    };
    const changed = [
      ...Object.entries(next).filter(([k, v]) => !same(v, prev[k as keyof typeof next])).map(([k]) => k),
      ...Object.entries(fields).filter(([k, v]) => !same(v, post[k as keyof typeof fields])).map(([k]) => k),
    ];
    if (changed.length === 0) return { post, revision: prev, scanJobId: null };
    await assertOwnMedia(tx, ctx.org.id, next.mediaIds);
    const inFlight = post.state !== "DRAFT" && post.state !== "CHANGES_REQUESTED";
    // An edit of a submitted post goes straight back to the scanner and review: it must fit like a submit.
    if (inFlight) assertFitsNetworks(revisionShape(next, fields.channels));
    const number = post.currentRevision + 1;
    const revision = await tx.postRevision.create({
      data: { orgId: ctx.org.id, postId: post.id, number, ...next, channelTexts: next.channelTexts ?? {}, createdById: ctx.user.id },
    });
    const state = inFlight ? nextState(post.state, "editAfterSubmit") : post.state;
    const updated = await tx.post.update({ where: { id: post.id, orgId: ctx.org.id }, data: { ...fields, currentRevision: number, state } });
    await recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "post.edited", targetType: "Post", targetId: post.id,
      metadata: { fromRevision: post.currentRevision, toRevision: number, fields: changed, from: post.state, to: state },
      request: ctx.request,
    });
    const scanJobId = inFlight ? await startScan(tx, ctx, updated, revision.id, "edit") : null;
    return { post: updated, revision, scanJobId };
  });
  if (result.scanJobId) await dispatchScanJobNow(result.scanJobId);
  return result;
}

export type UpdatePostInput = z.input<typeof updatePostSchema>;
