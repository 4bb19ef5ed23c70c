"use server";

import { requireRecentReauth } from "@vetted/auth";
import {
  addPostComment, approvalUsesOverride, assertNewPostFitsNetworks, createPost, decidePost, dismissFinding, requestOverride, schedulePost, submitPost, updatePost,
} from "@vetted/domain";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formObject, orgAction, type ActionState } from "@/lib/actions";
import { nestFields } from "@/lib/nested-fields";
import { postInput } from "./post-form";

// Thin adapters: tenant from the bound slug, input to the domain use case, which validates it.
// Post ids go in URLs; post text never does (it may hold PHI).

const refresh = (orgSlug: string) => revalidatePath(`/orgs/${orgSlug}/posts`, "layout");

/** Save draft: a new post, or a new revision of an existing one (a stale revision is a CONFLICT). */
export async function savePostAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  // The input is read inside the run, so a refused field is an `ok: false`, not a thrown error.
  const isNew = !formData.get("postId");
  const result = await orgAction(orgSlug, async (ctx) => {
    const input = postInput(formData);
    return (input.postId ? await updatePost(ctx, input) : await createPost(ctx, input)).post.id;
  }, "Draft saved");
  if (!result?.ok) return result;
  refresh(orgSlug);
  if (isNew) redirect(`/orgs/${orgSlug}/posts/${result.data}?saved=1`);
  return result;
}

/**
 * Save and submit. An edit of a post already past review starts its own rescan, so submit is only
 * called when the save did not; a save that changed nothing keeps the revision (also the retry).
 */
export async function submitPostAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const isNew = !formData.get("postId");
  const result = await orgAction(orgSlug, async (ctx) => {
    const input = postInput(formData);
    // A new post that breaks a network's limit is refused before its draft exists (issue 16).
    if (!input.postId) assertNewPostFitsNetworks(ctx, input);
    const saved = input.postId ? await updatePost(ctx, input) : { ...(await createPost(ctx, input)), scanJobId: null };
    if (!saved.scanJobId) await submitPost(ctx, { postId: saved.post.id, revision: saved.revision.number });
    return saved.post.id;
  }, "Submitted: the scan is running");
  if (!result?.ok) return result;
  refresh(orgSlug);
  if (isNew) redirect(`/orgs/${orgSlug}/posts/${result.data}`);
  return result;
}

export async function decidePostAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  // Per-finding override fields arrive as overrides.<findingId>.<field>.
  const result = await orgAction(orgSlug, async (ctx) => {
    const input = nestFields(formObject(formData), "overrides");
    // Approving over blocking findings is sensitive (issue 15): a recent re-authentication first.
    if (approvalUsesOverride(input)) await requireRecentReauth();
    return (await decidePost(ctx, input)).post.state;
  }, "Decision recorded");
  if (result?.ok) refresh(orgSlug);
  return result;
}

export async function addCommentAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => addPostComment(ctx, formObject(formData)).then(() => undefined), "Comment added");
  if (result?.ok) refresh(orgSlug);
  return result;
}

export async function dismissFindingAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  // Only a checked box (rendered for compliance officers only) asks for the allow list; the domain
  // refuses it for anyone else.
  const input = () => ({ ...formObject(formData), addToAllowList: formData.get("addToAllowList") === "on" ? "true" : "false" });
  const result = await orgAction(orgSlug, (ctx) => dismissFinding(ctx, input()).then(() => undefined), "Finding dismissed");
  if (result?.ok) refresh(orgSlug);
  return result;
}

/** Sets or moves the time of an approved post; approvals stand because the content is unchanged. */
export async function schedulePostAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const local = formData.get("scheduledAtIso");
  const input = () => ({ ...formObject(formData), scheduledAt: typeof local === "string" ? local : "" });
  const result = await orgAction(orgSlug, (ctx) => schedulePost(ctx, input()).then((p) => p.state), "Scheduled");
  if (result?.ok) refresh(orgSlug);
  return result;
}

export async function requestOverrideAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => requestOverride(ctx, formObject(formData)).then(() => undefined), "Sent to the compliance officers");
  if (result?.ok) refresh(orgSlug);
  return result;
}
