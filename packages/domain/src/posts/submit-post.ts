import type { TenantContext } from "../context";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { dispatchScanJobNow } from "../scans/dispatch-scan-job-now";
import { parseInput } from "../validate";
import { assertFitsNetworks, revisionShape } from "./assert-fits-networks";
import { assertCurrentRevision, currentRevisionOf, lockPost } from "./post-access";
import { assertOwnMedia } from "./post-media";
import { nextState } from "./post-state-machine";
import { postRefSchema } from "./post-schemas";
import { startScan } from "./start-scan";

/**
 * Sends the current revision to the scanner (also the retry of a failed scan). The revision and
 * its scan request commit together; the hand-off to the queue happens after the commit and may
 * fail while Redis is down: the dispatcher in the worker sends it once Redis is back.
 * Approvers are notified when the scan has finished and the post is actually in review.
 */
export async function submitPost(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "posts.submit");
  const ref = parseInput(postRefSchema, input);
  const { post, scanJobId } = await ctx.db.$transaction(async (tx) => {
    const locked = await lockPost(tx, ctx.org.id, ref.postId);
    assertCurrentRevision(locked, ref.revision);
    const event = locked.state === "SCAN_FAILED" ? "retryScan" : "submit";
    const state = nextState(locked.state, event);
    // Re-checked at submit: a revision saved before the media check existed must not reach the scanner.
    const revision = await currentRevisionOf(tx, locked);
    await assertOwnMedia(tx, ctx.org.id, revision.mediaIds);
    // Per-network hard limits (X's 280, Instagram's image, …): a draft may break them, a submit may not.
    assertFitsNetworks(revisionShape(revision, locked.channels));
    const post = await tx.post.update({ where: { id: locked.id, orgId: ctx.org.id }, data: { state } });
    await recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: event === "retryScan" ? "post.scan_retried" : "post.submitted",
      targetType: "Post", targetId: post.id, metadata: { revision: post.currentRevision, from: locked.state, to: state }, request: ctx.request,
    });
    return { post, scanJobId: await startScan(tx, ctx, post, revision.id, event === "retryScan" ? "retry" : "submit") };
  });
  const dispatched = await dispatchScanJobNow(scanJobId);
  return { post, scanJobId, dispatched };
}
