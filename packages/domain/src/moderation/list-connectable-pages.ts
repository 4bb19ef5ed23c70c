import { z } from "zod";
import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { connectFailure, metaOf, openConnectToken, type ConnectDeps } from "./account-connect";
import { pagesConnectedElsewhere } from "./connect-meta-pages";

export const connectIdSchema = z.object({ connectId: z.uuid({ message: "connectId must be the id from the connection link" }) });

export interface ConnectablePage {
  id: string;
  name: string;
  instagram: boolean;
  connectedHere: boolean;
  /** Another org in Vetted has it: it cannot be picked. */
  connectedElsewhere: boolean;
}

/** The pending pick of this admin in this org, with its user token; NOT_FOUND once used or after 10 minutes. */
export async function loadPendingPick(ctx: TenantContext, connectId: string) {
  const row = await ctx.db.accountConnectState.findFirst({
    where: { id: connectId, orgId: ctx.org.id, userId: ctx.user.id, completedAt: null, userTokenCipher: { not: null }, pickExpiresAt: { gt: new Date() } },
    select: { id: true, userTokenCipher: true, pickExpiresAt: true },
  });
  if (!row) throw new AppError("NOT_FOUND", "This Page choice is unknown, already made or expired: start again from Settings, Connected accounts");
  return { id: row.id, userToken: openConnectToken(row.userTokenCipher!, ctx.org.id, row.id), expiresAt: row.pickExpiresAt! };
}

/** The Pages the admin manages on Facebook, for the picker after the OAuth round trip. */
export async function listConnectablePages(ctx: TenantContext, input: unknown, deps: ConnectDeps = {}): Promise<{ pages: ConnectablePage[]; expiresAt: Date }> {
  assertCan(ctx, "accounts.manage");
  const { connectId } = parseInput(connectIdSchema, input);
  const pick = await loadPendingPick(ctx, connectId);
  const pages = await metaOf(deps).listPages(pick.userToken).catch((e: unknown) => connectFailure(e));
  const ids = pages.map((p) => p.id);
  const [elsewhere, here] = await Promise.all([
    pagesConnectedElsewhere(ctx, pages),
    ctx.db.connectedAccount.findMany({ where: { orgId: ctx.org.id, platform: "FACEBOOK", externalId: { in: ids }, status: "ACTIVE" }, select: { externalId: true } }),
  ]);
  const active = new Set(here.map((h) => h.externalId));
  return {
    expiresAt: pick.expiresAt,
    pages: pages.map((p) => ({ id: p.id, name: p.name, instagram: Boolean(p.instagramAccountId), connectedHere: active.has(p.id), connectedElsewhere: elsewhere.has(p.id) })),
  };
}
