import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { CHANGE_SUMMARY_MAX, EDITABLE_KEYS, GENERATED_KEYS, SECTION_BODY_MAX, SECTION_TITLE_MAX, type ManualSection } from "./manual-sections";
import { normalizeBody } from "./manual-text";
import { formSwitch, typedText, versionIdSchema } from "./policy-input";
import { asJson, sectionsOf, versionForChange } from "./policy-records";

export const updatePolicyDraftSchema = z.object({
  versionId: versionIdSchema,
  /** { <section key>: { title?, body? } }, editable sections only; absent keys stay as they are. */
  sections: z
    .record(z.string(), z.object({
      title: typedText("a title", 1, SECTION_TITLE_MAX).optional(),
      body: typedText("the section's text", 1, SECTION_BODY_MAX).optional(),
    }))
    .superRefine((sections, check) => {
      for (const key of Object.keys(sections)) {
        if ((EDITABLE_KEYS as string[]).includes(key)) continue;
        const generated = (GENERATED_KEYS as string[]).includes(key);
        check.addIssue({ code: "custom", path: [key], message: generated ? "This section is generated from the settings: change the settings instead" : "No such section" });
      }
    })
    .default({}),
  changeSummary: typedText("a summary of the changes", 0, CHANGE_SUMMARY_MAX).optional(),
  /** A material change requires everyone to acknowledge the version again. */
  material: formSwitch.optional(),
});

/**
 * Edits a DRAFT: titles and text of the sections that are not generated, the change summary and the
 * material flag. Text is stored as typed (plain text, limited markdown) and only ever rendered as
 * text. The editor becomes the version's last editor, who may not approve it.
 */
export async function updatePolicyDraft(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "manual.manage");
  const d = parseInput(updatePolicyDraftSchema, input);
  const orgId = ctx.org.id;
  return ctx.db.$transaction(async (tx) => {
    const v = await versionForChange(tx, orgId, d.versionId);
    if (v.status !== "DRAFT") throw new AppError("CONFLICT", v.status === "IN_REVIEW" ? "The version is in review: return it to draft to edit it" : "An approved version never changes: edit the current draft instead");
    const before = sectionsOf(v);
    const changedKeys: string[] = [];
    const sections: ManualSection[] = before.map((s) => {
      const edit = d.sections[s.key];
      if (!edit || s.generated) return s;
      const next = { ...s, title: edit.title ?? s.title, body: edit.body !== undefined ? normalizeBody(edit.body) : s.body };
      if (next.title !== s.title || next.body !== s.body) changedKeys.push(s.key);
      return next;
    });
    const summaryChanged = d.changeSummary !== undefined && d.changeSummary !== v.changeSummary;
    const materialChanged = d.material !== undefined && d.material !== v.material;
    if (!changedKeys.length && !summaryChanged && !materialChanged) return { versionId: v.id, changed: false };
    await tx.policyManualVersion.update({
      where: { id: v.id, orgId },
      data: {
        sections: asJson(sections), editedById: ctx.user.id,
        ...(summaryChanged ? { changeSummary: d.changeSummary } : {}), ...(materialChanged ? { material: d.material } : {}),
      },
      select: { id: true },
    });
    await recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: "manual.version.updated", targetType: "PolicyManualVersion", targetId: v.id, request: ctx.request,
      metadata: { number: v.number, sections: changedKeys, summaryChanged, material: d.material ?? v.material },
    });
    return { versionId: v.id, changed: true };
  });
}
