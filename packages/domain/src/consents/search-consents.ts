import type { Prisma } from "@vetted/db";
import { z } from "zod";
import { can } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { toConsentSummary } from "./consent-records";
import { nameIndex } from "./crypto";

export const EXPIRING_WITHIN_DAYS = 30;

/** Active consents that end within EXPIRING_WITHIN_DAYS: the register's filter, the org page's and the agency overview's count. */
export const expiringSoonWhere = (now: Date) =>
  ({ status: "ACTIVE", expiresAt: { gt: now, lte: new Date(now.getTime() + EXPIRING_WITHIN_DAYS * 86_400_000) } }) satisfies Prisma.ConsentWhereInput;

export const searchConsentsSchema = z.object({
  /** Exact name (case, accents, punctuation and spacing do not matter); never stored or audited. */
  name: z.string().trim().max(200, "Keep the name under 200 characters").optional().transform((v) => v || undefined),
  status: z.enum(["ACTIVE", "EXPIRED", "REVOKED"], { message: "Status must be ACTIVE, EXPIRED or REVOKED" }).optional(),
  expiringSoon: z.boolean().default(false),
  take: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * Finds consents by exact name through the blind index (names are encrypted, so there is no
 * substring search), by status, or expiring within 30 days. Names are decrypted only for roles
 * with consents.view; the search is audited by its filters, never the name searched for.
 */
export async function searchConsents(ctx: TenantContext, input: unknown = {}) {
  if (!can(ctx, "consents.view") && !can(ctx, "consents.link") && !can(ctx, "consents.upload")) throw AppError.forbidden();
  const q = parseInput(searchConsentsSchema, input);
  const now = new Date();
  const rows = await ctx.db.consent.findMany({
    where: {
      orgId: ctx.org.id,
      ...(q.name ? { nameIndex: nameIndex(ctx.org.id, q.name) } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.expiringSoon ? expiringSoonWhere(now) : {}),
    },
    orderBy: q.expiringSoon ? { expiresAt: "asc" } : { createdAt: "desc" },
    take: q.take,
  });
  const withNames = can(ctx, "consents.view");
  const consents = rows.map((r) => toConsentSummary(r, withNames));
  await ctx.db.$transaction((tx) =>
    recordAuditEvent(tx, {
      orgId: ctx.org.id, actorId: ctx.user.id, action: "consent.searched", targetType: "Consent",
      metadata: { byName: !!q.name, status: q.status ?? null, expiringSoon: q.expiringSoon, results: rows.length, namesShown: withNames },
      request: ctx.request,
    }),
  );
  return { consents };
}
