import { z } from "zod";
import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { connectFailure, linkedinOf, metaOf, type ConnectDeps } from "./account-connect";
import { connectLinkedInOrgs, parseLinkedInGrant } from "./connect-linkedin-orgs";
import { connectMetaPages } from "./connect-meta-pages";
import { connectIdSchema, loadPendingPick } from "./list-connectable-pages";
import type { ConnectedSummary } from "./store-connected-account";

/** A Facebook Page id (digits) or a LinkedIn organization URN. */
const pageId = z.string().regex(/^(?:[0-9]{1,32}|urn:li:organization:[0-9]{1,32})$/, "a Page id is digits only, a LinkedIn Page urn:li:organization:<digits>");
export const connectSelectedPagesSchema = connectIdSchema.extend({
  // A form sends one value as a string, several as an array.
  pageIds: z.preprocess((v) => (typeof v === "string" ? [v] : v), z.array(pageId, { message: "Pick at least one Page" }).min(1, "Pick at least one Page").max(25, "Pick at most 25 Pages")),
});

/**
 * The admin's pick after the OAuth round trip: the chosen Pages are connected with the tokens the
 * platform answers with now for what waits on the state row (Meta: Page tokens for the user token;
 * LinkedIn: the member's token, after checking the member still administers each organization),
 * which is then cleared (the pick is single use).
 */
export async function connectSelectedPages(ctx: TenantContext, input: unknown, deps: ConnectDeps = {}): Promise<{ accounts: ConnectedSummary[] }> {
  assertCan(ctx, "accounts.manage");
  const { connectId, pageIds } = parseInput(connectSelectedPagesSchema, input);
  const pick = await loadPendingPick(ctx, connectId);
  if (pick.platform === "LINKEDIN") {
    const grant = parseLinkedInGrant(pick.userToken);
    const orgs = await linkedinOf(deps).listAdministeredOrganizations(grant.accessToken).catch((e: unknown) => connectFailure(e, "_", "LINKEDIN"));
    const chosen = pickFrom(orgs.map((o) => ({ ...o, id: o.urn })), pageIds, "A Page you picked is not one you administer on LinkedIn");
    await clearPick(ctx, pick.id);
    return { accounts: await connectLinkedInOrgs(ctx, grant, chosen) };
  }
  const meta = metaOf(deps);
  const pages = await meta.listPages(pick.userToken).catch((e: unknown) => connectFailure(e));
  const chosen = pickFrom(pages, pageIds, "A Page you picked is not one you manage on Facebook");
  await clearPick(ctx, pick.id);
  return { accounts: await connectMetaPages(ctx, meta, chosen) };
}

function pickFrom<T extends { id: string }>(available: T[], pageIds: string[], message: string): T[] {
  const chosen = available.filter((p) => pageIds.includes(p.id));
  const unknown = pageIds.filter((id) => !chosen.some((p) => p.id === id));
  if (unknown.length) throw new AppError("VALIDATION", message, { pageIds: unknown });
  return chosen;
}

/** Single use: the waiting token is cleared before connecting, so a double submit connects once. */
async function clearPick(ctx: TenantContext, id: string): Promise<void> {
  const cleared = await ctx.db.accountConnectState.updateMany({ where: { id, orgId: ctx.org.id, completedAt: null }, data: { completedAt: new Date(), userTokenCipher: null } });
  if (cleared.count === 0) throw new AppError("NOT_FOUND", "This Page choice was already made");
}
