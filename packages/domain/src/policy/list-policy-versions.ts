import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { maySeeUnapproved, summarizeAll, type PolicyVersionSummary } from "./policy-views";

/** Every version, newest first (6-year record: none is ever deleted); readers see the approved ones. */
export async function listPolicyVersions(ctx: TenantContext): Promise<PolicyVersionSummary[]> {
  assertCan(ctx, "manual.read");
  const orgId = ctx.org.id;
  return ctx.db.$transaction(async (tx) => {
    const rows = await tx.policyManualVersion.findMany({
      where: { orgId, ...(maySeeUnapproved(ctx) ? {} : { status: "APPROVED" as const }) },
      orderBy: { number: "desc" },
      omit: { sections: true },
    });
    return summarizeAll(tx, rows);
  });
}
