import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { createDraft, currentSections, findOpenVersion, latestApprovedVersion, lockManual, sectionsOf } from "./policy-records";

/**
 * A new DRAFT when none is open (after an approval, or a discarded draft): the newest approved
 * version's text (defaults when none was approved) with the generated sections as the settings are
 * now. The author may not approve it.
 */
export async function startPolicyDraft(ctx: TenantContext) {
  assertCan(ctx, "manual.manage");
  const orgId = ctx.org.id;
  return ctx.db.$transaction(async (tx) => {
    await lockManual(tx, orgId);
    const manual = await tx.policyManual.findFirst({ where: { orgId }, select: { id: true } });
    if (!manual) throw AppError.notFound("Open the manual first");
    const open = await findOpenVersion(tx, orgId);
    if (open) throw new AppError("CONFLICT", `Version ${open.number} is already open: work on it, or discard it first`);
    const latest = await latestApprovedVersion(tx, orgId);
    const row = await createDraft(tx, {
      orgId, manualId: manual.id, sections: await currentSections(tx, orgId, latest ? sectionsOf(latest) : []), proposedBy: "user", actorId: ctx.user.id,
      changeSummary: "", request: ctx.request,
    });
    return { versionId: row.id, number: row.number, status: "DRAFT" as const };
  });
}
