import type { Channel, Tx } from "@vetted/db";
import { z } from "zod";
import type { TenantContext } from "../context";
import { recordAuditEvents } from "../audit/record-audit-event";
import { AppError, type FieldErrors } from "../errors";
import { coverageGap } from "../consents/consent-vocabulary";
import { directIdentifierOf, directIdentifierRefusal, type DirectIdentifier } from "../findings/direct-identifiers";
import { OVERRIDE_REASON_CODES, OVERRIDE_REASONS, type OverrideReasonCode } from "../findings/finding-reasons";
import { labelFindingsNotPhi } from "../scanner-feedback/label-findings-not-phi";

// Issue 10: an officer's override is given per blocking finding (a preset and a justification),
// "Consent on file" names the consent that was checked, and direct identifiers stay unapprovable
// unless the org's policy allows them. Completeness is checked only when approving, so the same
// form can still request changes or reject with these fields left empty.

export const MIN_FINDING_JUSTIFICATION = 10;
const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

export const findingOverrideSchema = z.object({
  reasonCode: z.preprocess(blankToUndefined, z.enum(OVERRIDE_REASON_CODES, { message: `Pick a reason: ${OVERRIDE_REASON_CODES.join(", ")}` }).optional()),
  justification: z.string().trim().max(1000, "Keep the justification under 1000 characters").optional(),
  consentId: z.preprocess(blankToUndefined, z.string().uuid("Not a valid consent id").optional()),
});
/** Keyed by finding id, so each error names the finding it is about (overrides.<findingId>.<field>). */
export const findingOverridesSchema = z
  .record(z.string().uuid(), findingOverrideSchema, {
    error: (issue) => (issue.code === "invalid_key" ? "Not a valid finding id" : issue.code === "invalid_type" ? "Give the overrides as an object keyed by finding id" : undefined),
  })
  .default({});
export type FindingOverridesInput = z.infer<typeof findingOverridesSchema>;

export type BlockingFinding = { id: string; type: string; recognizer: string; explanation: string };
export type CheckedOverride = { findingId: string; reasonCode: OverrideReasonCode; justification: string; consentId: string | null; directIdentifier: DirectIdentifier | null };

const label = (f: BlockingFinding) => `the ${f.type} finding ${f.id}`;

/** CONFLICT unless the policy allows approving over an MRN, SSN or date of birth; each such field is named. */
export function assertDirectIdentifiersOverridable(blocking: BlockingFinding[], allowed: boolean) {
  if (allowed) return;
  const hits = blocking.flatMap((f) => {
    const kind = directIdentifierOf(f);
    return kind ? [{ f, kind }] : [];
  });
  if (hits.length === 0) return;
  const fields: FieldErrors = Object.fromEntries(hits.map(({ f, kind }) => [`overrides.${f.id}.reasonCode`, [directIdentifierRefusal(kind)]]));
  throw new AppError("CONFLICT", directIdentifierRefusal(hits.map((h) => h.kind)), fields);
}

/** Adds a field error for every standing blocking finding without a complete reason, and for any stray entry. */
export function overrideFieldErrors(blocking: BlockingFinding[], overrides: FindingOverridesInput, fields: FieldErrors) {
  const ids = new Set(blocking.map((f) => f.id));
  for (const id of Object.keys(overrides)) {
    if (!ids.has(id)) fields[`overrides.${id}`] = ["This is not a standing blocking finding of the revision on screen"];
  }
  for (const f of blocking) {
    const o = overrides[f.id];
    const key = `overrides.${f.id}`;
    // The key names the finding; the message sits beside its field.
    if (!o?.reasonCode) fields[`${key}.reasonCode`] = ["Pick why this finding may be published"];
    if ((o?.justification?.length ?? 0) < MIN_FINDING_JUSTIFICATION) {
      fields[`${key}.justification`] = [`Explain in at least ${MIN_FINDING_JUSTIFICATION} characters why this finding may be published`];
    }
    if (o?.reasonCode === "CONSENT_ON_FILE" && !o.consentId) fields[`${key}.consentId`] = ["Pick the consent on file"];
    if (o?.consentId && o.reasonCode !== "CONSENT_ON_FILE") fields[`${key}.consentId`] = [`Only “${OVERRIDE_REASONS.CONSENT_ON_FILE}” links a consent`];
  }
}

/**
 * Each consent named for "Consent on file" must be this org's, ACTIVE, verified against the signed
 * file and cover the post's channels, purpose and time (the same rule as a patient in an image).
 * A consent of another org reads as not existing, so nothing leaks across tenants.
 */
export async function assertOverrideConsents(tx: Tx, orgId: string, post: { channels: Channel[]; scheduledAt: Date | null }, blocking: BlockingFinding[], overrides: FindingOverridesInput) {
  const wanted = blocking.flatMap((f) => {
    const consentId = overrides[f.id]?.consentId;
    return consentId ? [{ f, consentId }] : [];
  });
  if (wanted.length === 0) return;
  const consents = await tx.consent.findMany({
    where: { orgId, id: { in: wanted.map((w) => w.consentId) } },
    select: { id: true, status: true, verifiedAt: true, expiresAt: true, channels: true, purposes: true },
  });
  const byId = new Map(consents.map((c) => [c.id, c]));
  const fields: FieldErrors = {};
  const problems: string[] = [];
  for (const { f, consentId } of wanted) {
    const consent = byId.get(consentId);
    const gap = consent ? coverageGap(consent, post.channels, { requireVerified: true, publishAt: post.scheduledAt }) : "it does not exist in this organization";
    if (!gap) continue;
    const message = `The consent chosen for ${label(f)} cannot be used: ${gap}`;
    fields[`overrides.${f.id}.consentId`] = [message];
    problems.push(message);
  }
  if (problems.length) throw new AppError("CONFLICT", problems.join("; "), fields);
}

/** The complete, checked reasons, one per blocking finding (call after the checks above). */
export function checkedOverrides(blocking: BlockingFinding[], overrides: FindingOverridesInput): CheckedOverride[] {
  return blocking.map((f) => {
    const o = overrides[f.id]!;
    return { findingId: f.id, reasonCode: o.reasonCode!, justification: o.justification!, consentId: o.consentId ?? null, directIdentifier: directIdentifierOf(f) };
  });
}

/** Stores the reasons with the approval and audits each one against its finding (codes and ids only). */
export async function recordFindingOverrides(tx: Tx, ctx: TenantContext, postId: string, approvalId: string, overrides: CheckedOverride[]) {
  if (overrides.length === 0) return;
  await tx.findingOverride.createMany({
    data: overrides.map((o) => ({ orgId: ctx.org.id, approvalId, findingId: o.findingId, reasonCode: o.reasonCode, justification: o.justification, consentId: o.consentId })),
  });
  await recordAuditEvents(tx, overrides.map((o) => ({
    orgId: ctx.org.id, actorId: ctx.user.id, action: "finding.overridden", targetType: "Finding", targetId: o.findingId,
    metadata: { postId, approvalId, reasonCode: o.reasonCode, consentId: o.consentId, directIdentifier: o.directIdentifier },
    request: ctx.request,
  })));
  // "Not PHI in context" is the officer's label for the scanner's training data too (scanner-feedback/).
  const notPhi = overrides.filter((o) => o.reasonCode === "NOT_PHI_IN_CONTEXT").map((o) => o.findingId);
  if (notPhi.length) await labelFindingsNotPhi(tx, ctx, await tx.finding.findMany({ where: { orgId: ctx.org.id, id: { in: notPhi } } }), "override");
}

/**
 * Whether a decision input approves over blocking findings (an override): such an approval needs a
 * recent re-authentication (issue 15), checked by the adapter before decidePost. Read loosely, as
 * the raw input: anything override-shaped on an APPROVE counts.
 */
export function approvalUsesOverride(input: unknown): boolean {
  if (!input || typeof input !== "object") return false;
  const { decision, overrides, overrideJustification } = input as Record<string, unknown>;
  if (decision !== "APPROVE") return false;
  const hasOverrides = Boolean(overrides && typeof overrides === "object" && Object.keys(overrides).length > 0);
  return hasOverrides || (typeof overrideJustification === "string" && overrideJustification.trim() !== "");
}
