import type { Db, PolicyManualVersion, Prisma, Tx } from "@vetted/db";
import { advisoryXactLock } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { AppError } from "../errors";
import { defaultEditableSections } from "./default-manual-text";
import { generateManualSections } from "./generate-manual-sections";
import { loadManualSettings } from "./load-manual-settings";
import { mergeSections, readSections, type ManualSection } from "./manual-sections";

// Shared steps of the manual's use cases. Every write takes the org's manual lock first: version
// numbers, the one open draft and the first creation are then decided one writer at a time.

export const OPEN_STATUSES = ["DRAFT", "IN_REVIEW"] as const;

/** Serializes writers of one org's manual until the transaction ends. */
export async function lockManual(tx: Tx, orgId: string): Promise<void> {
  await advisoryXactLock(tx, `policy-manual:${orgId}`);
}

/** The current generated sections over `base`'s editable text (defaults for a first draft). */
export async function currentSections(tx: Tx, orgId: string, base: ManualSection[] = []): Promise<ManualSection[]> {
  const generated = generateManualSections(await loadManualSettings(tx, orgId));
  return mergeSections(base, generated, defaultEditableSections());
}

export async function nextVersionNumber(tx: Tx, orgId: string): Promise<number> {
  const { _max } = await tx.policyManualVersion.aggregate({ where: { orgId }, _max: { number: true } });
  return (_max.number ?? 0) + 1;
}

export async function findOpenVersion(tx: Tx, orgId: string) {
  return tx.policyManualVersion.findFirst({ where: { orgId, status: { in: [...OPEN_STATUSES] } } });
}

/** The newest approved version (by number), whether or not it is effective yet. */
export async function latestApprovedVersion(tx: Tx, orgId: string) {
  return tx.policyManualVersion.findFirst({ where: { orgId, status: "APPROVED" }, orderBy: { number: "desc" } });
}

/**
 * The version in force at `at`: the latest approved one whose effective date has come (by effective
 * date, then number); one approved with a later effective date is not in force yet. `material`: the
 * one people acknowledge (a wording-only version in force leaves the last material one to sign).
 * The manual page, the coverage report, the links and the reminders all read it from here.
 */
export async function effectivePolicyVersion(client: Db | Tx, orgId: string, at = new Date(), opts: { material?: boolean } = {}) {
  return client.policyManualVersion.findFirst({ ...inEffect(orgId, at, opts), omit: { sections: true } });
}

/** Which version is in effect at `at`: the approved one with the latest effective time (then number). */
export function inEffect(orgId: string, at: Date, opts: { material?: boolean } = {}) {
  return {
    where: { orgId, status: "APPROVED" as const, effectiveAt: { lte: at }, ...(opts.material ? { material: true } : {}) },
    orderBy: [{ effectiveAt: "desc" as const }, { number: "desc" as const }],
  };
}

export interface NewDraft {
  orgId: string;
  manualId: string;
  sections: ManualSection[];
  proposedBy: string;
  actorId: string | null;
  changeSummary: string;
  request?: RequestMeta;
}

/** A new DRAFT with the next number, audited. The caller holds the manual lock and checked there is no open version. */
export async function createDraft(tx: Tx, d: NewDraft): Promise<PolicyManualVersion> {
  const number = await nextVersionNumber(tx, d.orgId);
  const row = await tx.policyManualVersion.create({
    data: {
      orgId: d.orgId, manualId: d.manualId, number, status: "DRAFT", sections: d.sections as unknown as Prisma.InputJsonValue,
      proposedBy: d.proposedBy, createdById: d.actorId, editedById: d.actorId, changeSummary: d.changeSummary,
    },
  });
  await recordAuditEvent(tx, {
    orgId: d.orgId, actorId: d.actorId, actorLabel: d.actorId ? null : "system", action: d.proposedBy === "user" ? "manual.version.created" : "manual.version.proposed",
    targetType: "PolicyManualVersion", targetId: row.id, metadata: { number, proposedBy: d.proposedBy }, request: d.request,
  });
  return row;
}

/**
 * The org's manual, created on first use with a first draft generated from the current settings.
 * Returns null when there is none and `create` is false.
 */
export async function ensureManual(tx: Tx, orgId: string, opts: { create: boolean; actorId: string; request?: RequestMeta }) {
  const existing = await tx.policyManual.findFirst({ where: { orgId } });
  if (existing || !opts.create) return existing;
  await lockManual(tx, orgId);
  const again = await tx.policyManual.findFirst({ where: { orgId } });
  if (again) return again;
  const manual = await tx.policyManual.create({ data: { orgId, ownerId: null } });
  await recordAuditEvent(tx, { orgId, actorId: opts.actorId, action: "manual.created", targetType: "PolicyManual", targetId: manual.id, request: opts.request });
  await createDraft(tx, {
    orgId, manualId: manual.id, sections: await currentSections(tx, orgId), proposedBy: "user", actorId: opts.actorId,
    changeSummary: "First version, generated from the organization's settings.", request: opts.request,
  });
  return manual;
}

/** Locks the manual, then reads the version (of this org) for a change. */
export async function versionForChange(tx: Tx, orgId: string, versionId: string) {
  await lockManual(tx, orgId);
  const v = await tx.policyManualVersion.findFirst({ where: { id: versionId, orgId } });
  if (!v) throw AppError.notFound("Version not found");
  return v;
}

export const sectionsOf = (v: { sections: unknown }) => readSections(v.sections);

export const asJson = (sections: ManualSection[]) => sections as unknown as Prisma.InputJsonValue;
