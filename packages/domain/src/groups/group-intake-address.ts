import { randomBytes } from "node:crypto";
import { intakeEnv } from "@vetted/config";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";

// The org's forwarding address for group posts: groups+<token>@INTAKE_DOMAIN. The token is random
// (not derived from the org), stored once per org and never changes, so the address can be saved in
// staff's mail clients; anyone holding it can file a report, which only ever reaches the officers.

const TOKEN_BYTES = 16;
export const INTAKE_LOCAL_PART = "groups";

/** The intake's domain, or null when production runs without the email intake (INTAKE_* unset). */
export function intakeDomain(): string | null {
  const env = intakeEnv();
  return env.enabled ? env.INTAKE_DOMAIN : null;
}

export const intakeAddress = (token: string, domain: string) => `${INTAKE_LOCAL_PART}+${token}@${domain}`;

/**
 * The token of a `to` header naming our intake address ("groups+tok@domain", with or without a
 * display name, among other recipients); null when none of the recipients is ours.
 */
export function intakeTokenOf(to: string, domain: string): string | null {
  const escaped = domain.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`(?:^|[\\s<,;:"])${INTAKE_LOCAL_PART}\\+([a-z0-9]{16,64})@${escaped}(?=$|[\\s>,;"])`, "i").exec(to);
  return match ? match[1]!.toLowerCase() : null;
}

/**
 * The org's address, created on first use (any member may see it: staff forward posts to it); null
 * when the email intake is off (production without INTAKE_DOMAIN and INTAKE_SECRET).
 */
export async function getGroupIntakeAddress(ctx: TenantContext): Promise<{ address: string | null }> {
  assertCan(ctx, "groups.report");
  const domain = intakeDomain();
  if (!domain) return { address: null };
  const orgId = ctx.org.id;
  const existing = await ctx.db.groupIntakeAddress.findFirst({ where: { orgId }, select: { token: true } });
  if (existing) return { address: intakeAddress(existing.token, domain) };
  // Hex: case-insensitive like the local part of an address, 128 bits.
  const token = randomBytes(TOKEN_BYTES).toString("hex");
  const row = await ctx.db.$transaction(async (tx) => {
    // Two first visits at once: the unique orgId keeps one; the loser reads the winner's token.
    const created = await tx.groupIntakeAddress.createMany({ data: [{ orgId, token, createdById: ctx.user.id }], skipDuplicates: true });
    const stored = await tx.groupIntakeAddress.findFirstOrThrow({ where: { orgId }, select: { id: true, token: true } });
    if (created.count > 0) {
      await recordAuditEvent(tx, { orgId, actorId: ctx.user.id, action: "group_intake.created", targetType: "GroupIntakeAddress", targetId: stored.id, request: ctx.request });
    }
    return stored;
  });
  return { address: intakeAddress(row.token, domain) };
}

/**
 * A new random address for the org (compliance officers): the old one stops routing at once, so a
 * leaked address (spam, a forward outside the staff) is shut off. Reports already filed are kept.
 */
export async function rotateGroupIntakeAddress(ctx: TenantContext): Promise<{ address: string | null }> {
  assertCan(ctx, "groups.review");
  const domain = intakeDomain();
  if (!domain) return { address: null };
  const orgId = ctx.org.id;
  const token = randomBytes(TOKEN_BYTES).toString("hex");
  const row = await ctx.db.$transaction(async (tx) => {
    const existing = await tx.groupIntakeAddress.findFirst({ where: { orgId }, select: { id: true } });
    const stored = existing
      ? await tx.groupIntakeAddress.update({ where: { id: existing.id, orgId }, data: { token, createdById: ctx.user.id, createdAt: new Date() }, select: { id: true, token: true } })
      : await tx.groupIntakeAddress.create({ data: { orgId, token, createdById: ctx.user.id }, select: { id: true, token: true } });
    await recordAuditEvent(tx, { orgId, actorId: ctx.user.id, action: "group_intake.rotated", targetType: "GroupIntakeAddress", targetId: stored.id, request: ctx.request });
    return stored;
  });
  return { address: intakeAddress(row.token, domain) };
}
