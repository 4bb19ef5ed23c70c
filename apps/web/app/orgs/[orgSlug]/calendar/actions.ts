"use server";

import { movePostToDay } from "@vetted/domain/calendar";
import { revalidatePath } from "next/cache";
import { formObject, orgAction, type ActionState } from "@/lib/actions";

/**
 * The calendar's drag or "Move to…": postId, revision and toDate (a calendar date) to the use case,
 * which keeps the time of day in the org's zone and schedules through schedulePost. The cross-client
 * calendar calls it with each post's own org slug, resolved against the caller's memberships here.
 */
export async function movePostAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState<{ state: string; scheduledAt: string | null }>> {
  const result = await orgAction(orgSlug, async (ctx) => {
    const post = await movePostToDay(ctx, formObject(formData));
    return { state: post.state, scheduledAt: post.scheduledAt?.toISOString() ?? null };
  }, "Moved");
  if (result?.ok) {
    revalidatePath(`/orgs/${orgSlug}/posts`, "layout");
    revalidatePath(`/orgs/${orgSlug}/calendar`);
    revalidatePath("/calendar");
  }
  return result;
}
