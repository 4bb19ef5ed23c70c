import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";

/** Counts for the settings page: how much labelled data an export would hold (no text is read). */
export async function summarizeScannerFeedback(ctx: TenantContext) {
  assertCan(ctx, "scanner.feedbackExport");
  const [byKind, texts, withdrawn] = await Promise.all([
    ctx.db.scannerFeedback.groupBy({ by: ["kind"], where: { orgId: ctx.org.id, withdrawnAt: null }, _count: { _all: true } }),
    ctx.db.scannerFeedback.groupBy({ by: ["revisionId", "source"], where: { orgId: ctx.org.id, withdrawnAt: null } }),
    ctx.db.scannerFeedback.count({ where: { orgId: ctx.org.id, withdrawnAt: { not: null } } }),
  ]);
  const count = (kind: string) => byKind.find((k) => k.kind === kind)?._count._all ?? 0;
  return { notPhi: count("NOT_PHI"), missedPhi: count("MISSED_PHI"), records: texts.length, withdrawn };
}
