import { z } from "zod";
import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { connectFailure, metaOf, type ConnectDeps } from "./account-connect";
import { connectMetaPages, type ConnectedSummary } from "./connect-meta-pages";
import { connectIdSchema, loadPendingPick } from "./list-connectable-pages";

const pageId = z.string().regex(/^[0-9]{1,32}$/, "a Page id is digits only");
export const connectSelectedPagesSchema = connectIdSchema.extend({
  // A form sends one value as a string, several as an array.
  pageIds: z.preprocess((v) => (typeof v === "string" ? [v] : v), z.array(pageId, { message: "Pick at least one Page" }).min(1, "Pick at least one Page").max(25, "Pick at most 25 Pages")),
});

/**
 * The admin's pick after the OAuth round trip: the chosen Pages are connected with the Page tokens
 * Meta returns now for the waiting user token, which is then cleared (the pick is single use).
 */
export async function connectSelectedPages(ctx: TenantContext, input: unknown, deps: ConnectDeps = {}): Promise<{ accounts: ConnectedSummary[] }> {
  assertCan(ctx, "accounts.manage");
  const { connectId, pageIds } = parseInput(connectSelectedPagesSchema, input);
  const pick = await loadPendingPick(ctx, connectId);
  const meta = metaOf(deps);
  const pages = await meta.listPages(pick.userToken).catch((e: unknown) => connectFailure(e));
  const chosen = pages.filter((p) => pageIds.includes(p.id));
  const unknown = pageIds.filter((id) => !chosen.some((p) => p.id === id));
  if (unknown.length) throw new AppError("VALIDATION", "A Page you picked is not one you manage on Facebook", { pageIds: unknown });
  // Single use: clear the user token before connecting, so a double submit connects once.
  const cleared = await ctx.db.accountConnectState.updateMany({ where: { id: pick.id, orgId: ctx.org.id, completedAt: null }, data: { completedAt: new Date(), userTokenCipher: null } });
  if (cleared.count === 0) throw new AppError("NOT_FOUND", "This Page choice was already made");
  return { accounts: await connectMetaPages(ctx, meta, chosen) };
}
