import type { Tx } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { changedGeneratedKeys, SOURCE_LABELS, type SectionSource } from "./manual-sections";
import { asJson, createDraft, currentSections, findOpenVersion, latestApprovedVersion, lockManual, sectionsOf } from "./policy-records";

export type SettingsArea = "approval_policy" | "reply_templates" | "moderation" | "consents" | "accounts" | "manual" | "org";

export interface ProposeFromSettingsInput {
  orgId: string;
  /** Who changed the settings; they become the draft's author or last editor (and so may not approve it). */
  actorId: string | null;
  what: SettingsArea;
  request?: RequestMeta;
}

export type ProposeOutcome =
  | { outcome: "no-manual" | "unchanged" }
  | { outcome: "refreshed" | "proposed"; versionId: string; number: number; sections: string[] };

/**
 * Keeps the manual in step with the settings, inside the settings change's own transaction: when the
 * generated sections no longer match, the open draft (or version in review, which goes back to draft)
 * gets them regenerated, or, without one, a new DRAFT is proposed over the latest approved version's
 * text, proposedBy "settings:<what>". Nothing happens for an org that has no manual yet, or when the
 * change alters nothing the manual says.
 *
 * Lock order: call lockManual(tx, orgId) at the start of the settings transaction, before any audit
 * event (the audit chain's lock), as the manual's own use cases do; otherwise two writers could wait
 * on each other.
 */
export async function proposePolicyVersionFromSettings(tx: Tx, input: ProposeFromSettingsInput): Promise<ProposeOutcome> {
  const { orgId, actorId } = input;
  await lockManual(tx, orgId);
  const manual = await tx.policyManual.findFirst({ where: { orgId }, select: { id: true } });
  if (!manual) return { outcome: "no-manual" };
  const open = await findOpenVersion(tx, orgId);
  if (open) {
    const before = sectionsOf(open);
    const sections = await currentSections(tx, orgId, before);
    const changed = changedGeneratedKeys(before, sections);
    if (!changed.length) return { outcome: "unchanged" };
    const backToDraft = open.status === "IN_REVIEW";
    await tx.policyManualVersion.update({
      where: { id: open.id, orgId },
      data: {
        sections: asJson(sections), editedById: actorId,
        ...(backToDraft ? { status: "DRAFT" as const, submittedById: null, submittedAt: null, returnReason: `The settings changed while it was in review (${areaLabel(input.what)}).` } : {}),
      },
      select: { id: true },
    });
    await recordAuditEvent(tx, {
      orgId, actorId, actorLabel: actorId ? null : "system", action: "manual.version.refreshed", targetType: "PolicyManualVersion", targetId: open.id, request: input.request,
      metadata: { number: open.number, what: input.what, sections: changed, returnedToDraft: backToDraft },
    });
    return { outcome: "refreshed", versionId: open.id, number: open.number, sections: changed };
  }
  const latest = await latestApprovedVersion(tx, orgId);
  const base = latest ? sectionsOf(latest) : [];
  const sections = await currentSections(tx, orgId, base);
  const changed = latest ? changedGeneratedKeys(base, sections) : sections.filter((s) => s.generated).map((s) => s.key);
  if (latest && !changed.length) return { outcome: "unchanged" };
  const row = await createDraft(tx, {
    orgId, manualId: manual.id, sections, proposedBy: `settings:${input.what}`, actorId, request: input.request,
    changeSummary: `Proposed after a change to ${areaLabel(input.what)}. Sections brought up to date: ${changed.join(", ")}.`,
  });
  return { outcome: "proposed", versionId: row.id, number: row.number, sections: changed };
}

function areaLabel(what: SettingsArea): string {
  if (what === "org") return "the organization's settings";
  return SOURCE_LABELS[`settings:${what}` as SectionSource].toLowerCase();
}
