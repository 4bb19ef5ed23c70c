"use server";

import { verifyOrgAuditChain } from "@vetted/domain";
import { orgAction, type ActionState } from "@/lib/actions";

export async function verifyChainAction(orgSlug: string, _prev: ActionState, _formData: FormData) {
  return orgAction(orgSlug, (ctx) => verifyOrgAuditChain(ctx));
}
