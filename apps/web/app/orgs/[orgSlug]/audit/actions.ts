"use server";

import { createOrgAuditCheckpoint, verifyOrgAuditChain } from "@vetted/domain";
import { orgAction, type ActionState } from "@/lib/actions";

export async function verifyChainAction(orgSlug: string, _prev: ActionState, _formData: FormData) {
  // When it was checked matters as much as the answer: a result is true of the chain at that moment.
  return orgAction(orgSlug, async (ctx) => ({ ...(await verifyOrgAuditChain(ctx)), verifiedAt: new Date().toISOString() }));
}

export async function checkpointAction(orgSlug: string, _prev: ActionState, _formData: FormData) {
  return orgAction(orgSlug, async (ctx) => createOrgAuditCheckpoint(ctx));
}
