import { ANY_ORG, db } from "@vetted/db";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import type { MetaClient, MetaPage } from "../platforms/meta-client";
import { connectFailure } from "./account-connect";
import { storeConnectedAccount, type ConnectedSummary } from "./store-connected-account";

export type { ConnectedSummary } from "./store-connected-account";

// Stores the Pages an admin chose as ConnectedAccount rows (the Facebook Page, and its linked
// Instagram account when there is one), after subscribing the app to each Page's feed. Not a use
// case of its own: complete-account-connect.ts and connect-selected-pages.ts call it.

const accountsOf = (page: MetaPage) => [
  { platform: "FACEBOOK" as const, externalId: page.id, name: page.name },
  ...(page.instagramAccountId ? [{ platform: "INSTAGRAM" as const, externalId: page.instagramAccountId, name: `${page.name} (Instagram)` }] : []),
];

/**
 * Which of these Pages another org has already connected, the Page itself or its Instagram account
 * ((platform, externalId) is unique across orgs). Answers Page ids.
 */
export async function pagesConnectedElsewhere(ctx: TenantContext, pages: Pick<MetaPage, "id" | "instagramAccountId">[]): Promise<Set<string>> {
  if (pages.length === 0) return new Set();
  const igToPage = new Map(pages.flatMap((p) => (p.instagramAccountId ? [[p.instagramAccountId, p.id] as const] : [])));
  // Cross-org on purpose, ids only: a Page can belong to one org, so the other org's row must be seen
  // (through db(), since ctx.db is bound to this org).
  const rows = await db().connectedAccount.findMany({
    where: { orgId: ANY_ORG, OR: [{ platform: "FACEBOOK", externalId: { in: pages.map((p) => p.id) } }, { platform: "INSTAGRAM", externalId: { in: [...igToPage.keys()] } }] },
    select: { orgId: true, platform: true, externalId: true },
  });
  return new Set(rows.filter((r) => r.orgId !== ctx.org.id).map((r) => (r.platform === "INSTAGRAM" ? igToPage.get(r.externalId)! : r.externalId)));
}

export async function connectMetaPages(ctx: TenantContext, meta: MetaClient, pages: MetaPage[]): Promise<ConnectedSummary[]> {
  const elsewhere = await pagesConnectedElsewhere(ctx, pages);
  if (elsewhere.size > 0) {
    throw new AppError("CONFLICT", "A Page you picked is already connected to another organization in Vetted; disconnect it there first", { pageIds: [...elsewhere] });
  }
  const out: ConnectedSummary[] = [];
  for (const page of pages) {
    // Subscribe before storing: an account Vetted gets no webhooks for would look connected and be deaf.
    const info = await meta.subscribeApp(page.accessToken, page.id, ["feed"]).then(() => meta.debugToken(page.accessToken)).catch((e: unknown) => connectFailure(e, "pageIds"));
    out.push(...(await ctx.db.$transaction(async (tx) => {
      const saved: ConnectedSummary[] = [];
      for (const a of accountsOf(page)) saved.push(await storeConnectedAccount(tx, ctx, { ...a, accessToken: page.accessToken, tokenExpiresAt: info.expiresAt, scopes: info.scopes }));
      return saved;
    })));
  }
  return out;
}
