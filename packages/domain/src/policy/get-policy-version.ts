import { z } from "zod";
import { assertCan, can } from "../access/permissions";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { changedGeneratedKeys } from "./manual-sections";
import { versionIdSchema } from "./policy-input";
import { currentSections } from "./policy-records";
import { detail, maySeeUnapproved, type PolicyVersionDetail } from "./policy-views";

export const getPolicyVersionSchema = z.object({ versionId: versionIdSchema });

export interface PolicyVersionPage extends PolicyVersionDetail {
  /** Generated sections that no longer match the settings (open versions only). */
  staleSections: string[];
  may: { edit: boolean; submit: boolean; approve: boolean; returnToDraft: boolean; discard: boolean };
  /** Why this user may not approve it, when they otherwise could. */
  approveBlockedReason: string | null;
}

/** One version with what the user may do with it. Drafts and versions in review are not found for readers. */
export async function getPolicyVersion(ctx: TenantContext, input: unknown): Promise<PolicyVersionPage> {
  assertCan(ctx, "manual.read");
  const { versionId } = parseInput(getPolicyVersionSchema, input);
  const orgId = ctx.org.id;
  return ctx.db.$transaction(async (tx) => {
    const v = await tx.policyManualVersion.findFirst({ where: { id: versionId, orgId } });
    if (!v || (v.status !== "APPROVED" && !maySeeUnapproved(ctx))) throw AppError.notFound("Version not found");
    const page = await detail(tx, v);
    const open = v.status === "DRAFT" || v.status === "IN_REVIEW";
    const staleSections = open ? changedGeneratedKeys(page.sections, await currentSections(tx, orgId, page.sections)) : [];
    const manage = can(ctx, "manual.manage");
    const approver = can(ctx, "manual.approve");
    const own = [v.createdById, v.editedById, v.submittedById].includes(ctx.user.id);
    return {
      ...page,
      staleSections,
      may: {
        edit: manage && v.status === "DRAFT",
        submit: manage && v.status === "DRAFT",
        discard: manage && v.status === "DRAFT",
        approve: approver && v.status === "IN_REVIEW" && !own,
        returnToDraft: (approver || manage) && v.status === "IN_REVIEW",
      },
      approveBlockedReason: approver && v.status === "IN_REVIEW" && own ? "You wrote, edited or submitted this version: another compliance officer approves it." : null,
    };
  });
}
