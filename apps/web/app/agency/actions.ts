"use server";

import { assignMember, createOrg, retryDeadMail } from "@vetted/domain";
import { revalidatePath } from "next/cache";
import { agencyAction, formObject, type ActionState } from "@/lib/actions";

export async function createOrgAction(_prev: ActionState, formData: FormData) {
  const result = await agencyAction((ctx) => createOrg(ctx, formObject(formData)).then((o) => ({ slug: o.slug })), "Organization created");
  if (result?.ok) revalidatePath("/agency");
  return result;
}

export async function assignMemberAction(_prev: ActionState, formData: FormData) {
  const result = await agencyAction((ctx) => assignMember(ctx, formObject(formData)).then(() => undefined), "Member assigned");
  if (result?.ok) revalidatePath("/agency");
  return result;
}

/** Puts a dead-lettered mail back in the worker's queue (audited by the domain). */
export async function retryMailAction(_prev: ActionState, formData: FormData) {
  const result = await agencyAction((ctx) => retryDeadMail(ctx, formObject(formData)), "Mail queued again");
  if (result?.ok) revalidatePath("/agency");
  return result;
}
