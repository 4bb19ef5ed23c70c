import type { Tx } from "@vetted/db";
import { advisoryXactLock } from "@vetted/db";
import { AppError } from "../errors";
import type { TenantContext } from "../context";

/** Loads a membership of the caller's org by id; another org's id is simply not found. */
export async function findMemberOrThrow(tx: Tx, memberId: string) {
  const member = await tx.membership.findFirst({ where: { id: memberId }, include: { user: { select: { id: true, email: true } } } });
  if (!member) throw AppError.notFound("Member not found");
  return member;
}

/**
 * An org must always keep an admin, or nobody could manage its members again. Two admins demoting or
 * removing each other at once would each count two admins and both succeed, so the check runs under
 * a per-org lock held to the end of the transaction: the second one counts after the first commits.
 */
export async function assertNotLastAdmin(tx: Tx, ctx: TenantContext, memberId: string): Promise<void> {
  await advisoryXactLock(tx, `admins:${ctx.org.id}`);
  const admins = await tx.membership.findMany({ where: { role: "ADMIN" }, select: { id: true } });
  if (admins.length === 1 && admins[0]?.id === memberId) {
    throw new AppError("CONFLICT", `${ctx.org.name} needs at least one admin: make someone else admin first`);
  }
}
