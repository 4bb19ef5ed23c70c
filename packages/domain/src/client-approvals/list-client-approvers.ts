import { maskAddress } from "../mail/mail-crypto";
import { assertCan, can } from "../access/permissions";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { openApproverEmail } from "./client-approver-crypto";

export interface ClientApproverView {
  id: string;
  name: string;
  /** The whole address for those who manage approvers; "d•••@example.org" for the others. */
  email: string;
  active: boolean;
  createdAt: Date;
}

/**
 * The org's client approvers, active first. Those who manage them see the address; the people who
 * only send links see it masked (enough to recognise the mailbox).
 */
export async function listClientApprovers(ctx: TenantContext): Promise<ClientApproverView[]> {
  if (!can(ctx, "clientApprovers.manage") && !can(ctx, "posts.sendToClient") && !can(ctx, "policy.manage")) throw AppError.forbidden();
  const rows = await ctx.db.clientApprover.findMany({ where: { orgId: ctx.org.id }, orderBy: [{ active: "desc" }, { name: "asc" }] });
  const full = can(ctx, "clientApprovers.manage");
  return rows.map((r) => {
    const email = openApproverEmail(r);
    return { id: r.id, name: r.name, email: full ? email : maskAddress(email), active: r.active, createdAt: r.createdAt };
  });
}

/** For the approval policy form: names and ids only. */
export async function listClientApproverNames(ctx: TenantContext) {
  assertCan(ctx, "policy.manage");
  return ctx.db.clientApprover.findMany({ where: { orgId: ctx.org.id }, orderBy: { name: "asc" }, select: { id: true, name: true, active: true } });
}
