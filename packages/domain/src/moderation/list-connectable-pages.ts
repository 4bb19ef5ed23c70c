import { z } from "zod";
import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { connectFailure, linkedinOf, metaOf, openConnectToken, type ConnectDeps } from "./account-connect";
import { parseLinkedInGrant } from "./connect-linkedin-orgs";
import { pagesConnectedElsewhere } from "./connect-meta-pages";
import { connectedElsewhere } from "./store-connected-account";

export const connectIdSchema = z.object({ connectId: z.uuid({ message: "connectId must be the id from the connection link" }) });

export interface ConnectablePage {
  /** A Facebook Page id, or a LinkedIn organization URN. */
  id: string;
  name: string;
  instagram: boolean;
  connectedHere: boolean;
  /** Another org in Vetted has it: it cannot be picked. */
  connectedElsewhere: boolean;
}

/**
 * The pending pick of this admin in this org, with what waits for it (Meta's user token, or
 * LinkedIn's grant as JSON); NOT_FOUND once used or after 10 minutes.
 */
export async function loadPendingPick(ctx: TenantContext, connectId: string) {
  const row = await ctx.db.accountConnectState.findFirst({
    where: { id: connectId, orgId: ctx.org.id, userId: ctx.user.id, completedAt: null, userTokenCipher: { not: null }, pickExpiresAt: { gt: new Date() } },
    select: { id: true, platform: true, userTokenCipher: true, pickExpiresAt: true },
  });
  if (!row) throw new AppError("NOT_FOUND", "This Page choice is unknown, already made or expired: start again from Settings, Connected accounts");
  return { id: row.id, platform: row.platform, userToken: openConnectToken(row.userTokenCipher!, ctx.org.id, row.id), expiresAt: row.pickExpiresAt! };
}

/** The Pages the admin manages on Facebook, or the Company Pages they administer on LinkedIn, for the picker after the OAuth round trip. */
export async function listConnectablePages(ctx: TenantContext, input: unknown, deps: ConnectDeps = {}): Promise<{ platform: "FACEBOOK" | "LINKEDIN"; pages: ConnectablePage[]; expiresAt: Date }> {
  assertCan(ctx, "accounts.manage");
  const { connectId } = parseInput(connectIdSchema, input);
  const pick = await loadPendingPick(ctx, connectId);
  if (pick.platform === "LINKEDIN") {
    const orgs = await linkedinOf(deps).listAdministeredOrganizations(parseLinkedInGrant(pick.userToken).accessToken).catch((e: unknown) => connectFailure(e, "_", "LINKEDIN"));
    const [elsewhere, active] = await Promise.all([
      connectedElsewhere(ctx, orgs.map((o) => ({ platform: "LINKEDIN" as const, externalId: o.urn }))),
      activeHere(ctx, "LINKEDIN", orgs.map((o) => o.urn)),
    ]);
    return { platform: "LINKEDIN", expiresAt: pick.expiresAt, pages: orgs.map((o) => ({ id: o.urn, name: o.name, instagram: false, connectedHere: active.has(o.urn), connectedElsewhere: elsewhere.has(o.urn) })) };
  }
  const pages = await metaOf(deps).listPages(pick.userToken).catch((e: unknown) => connectFailure(e));
  const [elsewhere, active] = await Promise.all([pagesConnectedElsewhere(ctx, pages), activeHere(ctx, "FACEBOOK", pages.map((p) => p.id))]);
  return {
    platform: "FACEBOOK",
    expiresAt: pick.expiresAt,
    pages: pages.map((p) => ({ id: p.id, name: p.name, instagram: Boolean(p.instagramAccountId), connectedHere: active.has(p.id), connectedElsewhere: elsewhere.has(p.id) })),
  };
}

async function activeHere(ctx: TenantContext, platform: "FACEBOOK" | "LINKEDIN", ids: string[]): Promise<Set<string>> {
  const rows = await ctx.db.connectedAccount.findMany({ where: { orgId: ctx.org.id, platform, externalId: { in: ids }, status: "ACTIVE" }, select: { externalId: true } });
  return new Set(rows.map((r) => r.externalId));
}
