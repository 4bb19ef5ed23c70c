import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import {
  CONNECT_EXPIRED, CONNECT_NOT_FOUND, CONNECT_PLATFORMS, connectFailure, hashConnectState, metaOf, openConnectVerifier, PAGE_PICK_TTL_MS, redirectUriOf,
  sealConnectToken, stateField, type ConnectDeps,
} from "./account-connect";
import { completeLinkedInConnect } from "./connect-linkedin-orgs";
import { connectMetaPages } from "./connect-meta-pages";
import { completeTikTokConnect } from "./connect-tiktok-account";
import { completeXConnect } from "./connect-x-account";
import type { ConnectedSummary } from "./store-connected-account";

export const completeAccountConnectSchema = z
  .object({
    /** Set by the callback route (its path names the platform), never read from the platform's query. */
    platform: z.enum(CONNECT_PLATFORMS, { message: "platform must be FACEBOOK, LINKEDIN, X or TIKTOK" }).default("FACEBOOK"),
    state: stateField,
    code: z.string().min(1).max(4096).optional(),
    /** The platform's `error` when the admin declined (access_denied). */
    error: z.string().max(100).optional(),
  })
  .refine((v) => v.code || v.error, { path: ["code"], message: "code is missing" });

export type CompleteConnectResult =
  | { status: "connected"; accounts: ConnectedSummary[] }
  | { status: "pick"; connectId: string }
  | { status: "denied" }
  | { status: "no_pages" }
  | { status: "no_orgs" };

export type Audit = (action: string, metadata: Record<string, unknown>) => Promise<unknown>;

/**
 * The OAuth callback, in the tenant the state was issued for: the state is consumed (single use,
 * this org, this admin, this platform, within 10 minutes) and the code exchanged.
 * - Facebook: a long-lived user token, and the admin's Pages; one Page is connected at once; with
 *   several, the user token waits encrypted on the state row and the admin picks
 *   (list-connectable-pages.ts, connect-selected-pages.ts).
 * - LinkedIn: the member's token, and the organizations they administer; picked the same way.
 * - X: the code with the PKCE verifier stored at the start (read once, then cleared); the account is
 *   the token's own user.
 * - TikTok: the code becomes the Business account's token pair; the account is the grant's open_id.
 */
export async function completeAccountConnect(ctx: TenantContext, input: unknown, deps: ConnectDeps = {}): Promise<CompleteConnectResult> {
  assertCan(ctx, "accounts.manage");
  const { platform, state, code, error } = parseInput(completeAccountConnectSchema, input);
  const stateHash = hashConnectState(state);
  const now = new Date();
  const mine = { orgId: ctx.org.id, userId: ctx.user.id, stateHash, platform };
  const claimed = await ctx.db.accountConnectState.updateMany({ where: { ...mine, consumedAt: null, expiresAt: { gt: now } }, data: { consumedAt: now } });
  const row = await ctx.db.accountConnectState.findFirst({ where: mine, select: { id: true, expiresAt: true, codeVerifierCipher: true } });
  if (claimed.count === 0) throw row && row.expiresAt <= now ? new AppError("GONE", CONNECT_EXPIRED) : new AppError("NOT_FOUND", CONNECT_NOT_FOUND);
  const id = row!.id;
  const audit: Audit = (action, metadata) =>
    ctx.db.$transaction((tx) => recordAuditEvent(tx, { orgId: ctx.org.id, actorId: ctx.user.id, action, targetType: "AccountConnectState", targetId: id, metadata: { platform, ...metadata }, request: ctx.request }));
  // The verifier is read once: cleared before the exchange, whatever its outcome.
  const verifier = row!.codeVerifierCipher ? openConnectVerifier(row!.codeVerifierCipher, ctx.org.id, id) : null;
  if (row!.codeVerifierCipher) await ctx.db.accountConnectState.updateMany({ where: { id, orgId: ctx.org.id }, data: { codeVerifierCipher: null } });

  if (!code) {
    await audit("account.connect_declined", { reason: error === "access_denied" ? "access_denied" : "other" });
    return { status: "denied" };
  }
  if (platform === "LINKEDIN") return completeLinkedInConnect(ctx, id, code, deps, audit);
  if (platform === "TIKTOK") return completeTikTokConnect(ctx, id, code, deps);
  if (platform === "X") {
    if (!verifier) throw new AppError("NOT_FOUND", CONNECT_NOT_FOUND);
    return completeXConnect(ctx, id, code, verifier, deps);
  }
  const meta = metaOf(deps);
  const { userToken, pages } = await (async () => {
    const short = await meta.exchangeCode(code, redirectUriOf(deps));
    const long = await meta.exchangeLongLived(short.accessToken);
    return { userToken: long, pages: await meta.listPages(long.accessToken) };
  })().catch((e: unknown) => connectFailure(e, "code"));

  if (pages.length === 0) {
    await audit("account.connect_declined", { reason: "no_pages" });
    return { status: "no_pages" };
  }
  if (pages.length === 1) {
    const accounts = await connectMetaPages(ctx, meta, pages);
    await ctx.db.accountConnectState.updateMany({ where: { id, orgId: ctx.org.id }, data: { completedAt: new Date() } });
    return { status: "connected", accounts };
  }
  await ctx.db.accountConnectState.updateMany({
    where: { id, orgId: ctx.org.id },
    data: { userTokenCipher: sealConnectToken(userToken.accessToken, ctx.org.id, id), pickExpiresAt: new Date(Date.now() + PAGE_PICK_TTL_MS) },
  });
  return { status: "pick", connectId: id };
}
