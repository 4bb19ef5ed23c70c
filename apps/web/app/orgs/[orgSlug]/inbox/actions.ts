"use server";

import { decideComment, deleteReplyTemplate, draftPublicReply, openIncident, requestPrivateReply, saveReplyTemplate } from "@vetted/domain";
import { revalidatePath } from "next/cache";
import { formObject, orgAction, type ActionState } from "@/lib/actions";

// Thin adapters for the moderation inbox: form fields → domain use case → re-render. Ids and enums
// travel in the form; the reply texts are PHI-adjacent and only ever go in a POST body.

const inbox = (orgSlug: string) => `/orgs/${orgSlug}/inbox`;
const DONE: Record<string, string> = {
  hide: "Hidden: the platform is being told", unhide: "Unhidden: the platform is being told", delete: "Deleted: the platform is being told",
  resolve: "Resolved", escalate: "Escalated", needs_reply: "Marked as needing a reply", assign: "Assigned", unassign: "Unassigned",
};

/** hide / unhide / delete / resolve / escalate / needs_reply / assign / unassign, named by the submit button. */
export async function decideCommentAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, async (ctx) => {
    const input = formObject(formData);
    await decideComment(ctx, input);
    return { action: String(input.action) };
  });
  if (!result?.ok) return result;
  revalidatePath(inbox(orgSlug), "layout");
  return { ...result, message: DONE[(result.data as { action: string }).action] ?? "Done" };
}

export async function privateReplyAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => requestPrivateReply(ctx, formObject(formData)), "Private reply queued: it is sent in a moment (once per comment)");
  if (result?.ok) revalidatePath(inbox(orgSlug), "layout");
  return result;
}

/** A refused reply comes back as a VALIDATION error whose `fields.text` holds the reasons, shown beside the box. */
export async function publicReplyAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => draftPublicReply(ctx, formObject(formData)));
  if (!result?.ok) return result;
  revalidatePath(inbox(orgSlug), "layout");
  const { overridden } = result.data as { overridden: boolean };
  return { ...result, message: `${overridden ? "Override recorded. " : ""}Public reply checked and queued: it is posted under the comment in a moment.` };
}

/**
 * "Posted by our staff": the breach incident for this comment, naming the member or typing the
 * workforce member's name. One incident per comment; asking again answers with the one there is.
 */
export async function openCommentIncidentAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await orgAction(orgSlug, (ctx) => {
    const { commentId, employeeId, employeeName } = formObject(formData);
    return openIncident(ctx, { commentId, employeeId, employeeName });
  });
  if (!result?.ok) return result;
  revalidatePath(inbox(orgSlug), "layout");
  revalidatePath(`/orgs/${orgSlug}/incidents`, "layout");
  const { created } = result.data as { created: boolean };
  return { ...result, message: created ? "Incident opened: the 60-day notification clock is running" : "An incident is already open for this comment" };
}

export async function saveReplyTemplateAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  return templates(orgSlug, await orgAction(orgSlug, (ctx) => {
    const input = formObject(formData);
    return saveReplyTemplate(ctx, { ...input, templateId: input.templateId || undefined });
  }, "Template saved"));
}

export async function deleteReplyTemplateAction(orgSlug: string, _prev: ActionState, formData: FormData): Promise<ActionState> {
  return templates(orgSlug, await orgAction(orgSlug, (ctx) => deleteReplyTemplate(ctx, formObject(formData)), "Template deleted"));
}

/** The templates page and the reply pickers under the inbox both show them. */
function templates(orgSlug: string, result: ActionState): ActionState {
  if (result?.ok) revalidatePath(inbox(orgSlug), "layout");
  return result;
}
