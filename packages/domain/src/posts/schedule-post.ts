import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { APPROVAL_CLOSES_MINUTES } from "../approvals/decide-post";
import { parseInput } from "../validate";
import { assertConsentCoverage } from "../consents/assert-consent-coverage";
import { assertCurrentRevision, currentRevisionOf, lockPost } from "./post-access";
import { nextState } from "./post-state-machine";
import { postRefSchema } from "./post-schemas";

export const schedulePostSchema = postRefSchema.extend({
  scheduledAt: z.string().datetime({ offset: true, message: "Use an ISO date and time, e.g. 2026-12-01T15:00:00Z" }),
});

/**
 * Sets or moves the publishing time of an approved post. The approved content does not change, so
 * approvals stand; any change of the content itself goes through updatePost and voids them.
 */
export async function schedulePost(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "posts.submit");
  const { postId, revision, scheduledAt } = parseInput(schedulePostSchema, input);
  const at = new Date(scheduledAt);
  if (at.getTime() < Date.now() + APPROVAL_CLOSES_MINUTES * 60_000) {
    throw new AppError("VALIDATION", "Some fields are invalid", { scheduledAt: [`Pick a time at least ${APPROVAL_CLOSES_MINUTES} minutes from now`] });
  }
  return ctx.db.$transaction(async (tx) => {
    const post = await lockPost(tx, ctx.org.id, postId);
    assertCurrentRevision(post, revision);
    const state = post.state === "SCHEDULED" ? "SCHEDULED" : nextState(post.state, "schedule");
    // A consent valid today may lapse before a later time: the people shown must be covered then.
    await assertConsentCoverage(tx, ctx.org.id, { channels: post.channels, scheduledAt: at }, (await currentRevisionOf(tx, post)).id, { doing: "scheduled" });
    const updated = await tx.post.update({ where: { id: post.id, orgId: ctx.org.id }, data: { state, scheduledAt: at } });
    await recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "post.scheduled", targetType: "Post", targetId: post.id,
      metadata: { from: post.state, to: state, rescheduled: post.state === "SCHEDULED" }, request: ctx.request,
    });
    return updated;
  });
}
