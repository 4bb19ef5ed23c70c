import { z } from "zod";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import type { LinkedInOrganization } from "../platforms/linkedin-client";
import type { OAuthGrant } from "../platforms/oauth-http";
import { connectFailure, LINKEDIN_CONNECT_SCOPES, linkedinOAuthOf, linkedinOf, PAGE_PICK_TTL_MS, redirectUriOf, sealConnectToken, type ConnectDeps } from "./account-connect";
import type { Audit, CompleteConnectResult } from "./complete-account-connect";
import { connectedElsewhere, storeConnectedAccount, type ConnectedSummary } from "./store-connected-account";

// LinkedIn's side of connecting (complete-account-connect.ts, connect-selected-pages.ts): the code
// becomes a member token, the member's administered Company Pages are listed, and the chosen ones are
// stored, each with the member's token (LinkedIn acts for an organization through an admin's token).
// While the admin picks, the whole grant waits on the state row as one envelope (JSON).

const grantSchema = z.object({
  a: z.string().min(1),
  e: z.number().nullable(),
  s: z.array(z.string()),
  r: z.string().optional(),
  re: z.number().nullable().optional(),
});

export const sealLinkedInGrant = (g: OAuthGrant, orgId: string, id: string) =>
  sealConnectToken(JSON.stringify({ a: g.accessToken, e: g.expiresAt?.getTime() ?? null, s: g.scopes, ...(g.refreshToken ? { r: g.refreshToken, re: g.refreshExpiresAt?.getTime() ?? null } : {}) }), orgId, id);

export function parseLinkedInGrant(plain: string): OAuthGrant {
  const g = grantSchema.parse(JSON.parse(plain));
  const date = (v: number | null | undefined) => (typeof v === "number" ? new Date(v) : null);
  return { accessToken: g.a, expiresAt: date(g.e), scopes: g.s, ...(g.r ? { refreshToken: g.r, refreshExpiresAt: date(g.re) } : {}) };
}

export async function completeLinkedInConnect(ctx: TenantContext, id: string, code: string, deps: ConnectDeps, audit: Audit): Promise<CompleteConnectResult> {
  const { grant, orgs } = await (async () => {
    const g = await linkedinOAuthOf(deps).exchangeCode(code, redirectUriOf(deps, "LINKEDIN"));
    return { grant: g, orgs: await linkedinOf(deps).listAdministeredOrganizations(g.accessToken) };
  })().catch((e: unknown) => connectFailure(e, "code", "LINKEDIN"));
  if (orgs.length === 0) {
    await audit("account.connect_declined", { reason: "no_orgs" });
    return { status: "no_orgs" };
  }
  if (orgs.length === 1) {
    const accounts = await connectLinkedInOrgs(ctx, grant, orgs);
    await ctx.db.accountConnectState.updateMany({ where: { id, orgId: ctx.org.id }, data: { completedAt: new Date() } });
    return { status: "connected", accounts };
  }
  await ctx.db.accountConnectState.updateMany({
    where: { id, orgId: ctx.org.id },
    data: { userTokenCipher: sealLinkedInGrant(grant, ctx.org.id, id), pickExpiresAt: new Date(Date.now() + PAGE_PICK_TTL_MS) },
  });
  return { status: "pick", connectId: id };
}

/** Stores the chosen Company Pages (refused as a whole when another org already has one of them). */
export async function connectLinkedInOrgs(ctx: TenantContext, grant: OAuthGrant, orgs: LinkedInOrganization[]): Promise<ConnectedSummary[]> {
  const elsewhere = await connectedElsewhere(ctx, orgs.map((o) => ({ platform: "LINKEDIN" as const, externalId: o.urn })));
  if (elsewhere.size > 0) {
    throw new AppError("CONFLICT", "A Company Page you picked is already connected to another organization in Vetted; disconnect it there first", { pageIds: [...elsewhere] });
  }
  // LinkedIn's token answer may omit the scopes: then they are the ones asked for (the account check reads the real ones).
  const scopes = grant.scopes.length ? grant.scopes : [...LINKEDIN_CONNECT_SCOPES];
  return ctx.db.$transaction(async (tx) => {
    const saved: ConnectedSummary[] = [];
    for (const o of orgs) {
      saved.push(await storeConnectedAccount(tx, ctx, {
        platform: "LINKEDIN", externalId: o.urn, name: `${o.name} (LinkedIn)`, accessToken: grant.accessToken, tokenExpiresAt: grant.expiresAt, scopes,
        ...(grant.refreshToken ? { refreshToken: grant.refreshToken, refreshExpiresAt: grant.refreshExpiresAt ?? null } : {}),
      }));
    }
    return saved;
  });
}
