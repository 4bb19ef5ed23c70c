import { randomUUID } from "node:crypto";
import { ANY_ORG, db, type Channel } from "@vetted/db";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { MetaClient, MetaPage } from "../platforms/meta-client";
import { connectFailure } from "./account-connect";
import { sealField } from "./moderation-crypto";

// Stores the Pages an admin chose as ConnectedAccount rows (the Facebook Page, and its linked
// Instagram account when there is one), after subscribing the app to each Page's feed. Not a use
// case of its own: complete-account-connect.ts and connect-selected-pages.ts call it.

export interface ConnectedSummary {
  id: string;
  platform: Channel;
  externalId: string;
  name: string;
  reconnected: boolean;
}

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
      for (const a of accountsOf(page)) {
        const existing = await tx.connectedAccount.findFirst({ where: { orgId: ctx.org.id, platform: a.platform, externalId: a.externalId }, select: { id: true } });
        const id = existing?.id ?? randomUUID();
        const data = {
          name: a.name, tokenCipher: sealField(page.accessToken, "connected-account", ctx.org.id, id, "token"), tokenExpiresAt: info.expiresAt,
          scopes: info.scopes, status: "ACTIVE" as const, lastErrorCode: null, lastCheckedAt: new Date(), disconnectedAt: null,
        };
        if (existing) await tx.connectedAccount.update({ where: { id, orgId: ctx.org.id }, data });
        else await tx.connectedAccount.create({ data: { id, orgId: ctx.org.id, platform: a.platform, externalId: a.externalId, createdById: ctx.user.id, ...data } });
        await recordAuditEvent(tx, {
          orgId: ctx.org.id, actorId: ctx.user.id, action: "account.connected", targetType: "ConnectedAccount", targetId: id,
          metadata: { platform: a.platform, externalId: a.externalId, reconnected: Boolean(existing), scopes: info.scopes.slice(0, 50) }, request: ctx.request,
        });
        saved.push({ id, platform: a.platform, externalId: a.externalId, name: a.name, reconnected: Boolean(existing) });
      }
      return saved;
    })));
  }
  return out;
}
