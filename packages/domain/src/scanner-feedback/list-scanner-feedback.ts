import { z } from "zod";
import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { parseInput } from "../validate";

export const listScannerFeedbackSchema = z.object({ revisionId: z.string().uuid("Not a valid revision id") });

/** The standing labels on one revision, oldest first, with who gave each (offsets only; the page has the text). */
export async function listScannerFeedback(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "scanner.feedback");
  const { revisionId } = parseInput(listScannerFeedbackSchema, input);
  const labels = await ctx.db.scannerFeedback.findMany({
    where: { orgId: ctx.org.id, revisionId, withdrawnAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, kind: true, findingId: true, source: true, start: true, end: true, type: true, createdById: true, createdAt: true },
  });
  const users = await ctx.db.user.findMany({ where: { id: { in: [...new Set(labels.map((l) => l.createdById))] } }, select: { id: true, name: true } });
  return labels.map((l) => ({ ...l, by: users.find((u) => u.id === l.createdById)?.name ?? null }));
}
