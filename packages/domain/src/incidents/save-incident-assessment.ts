import type { Prisma } from "@vetted/db";
import { forOrg, ORG_ID, rawSql } from "@vetted/db";
import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { openGroupOptional, sealGroupOptional } from "../groups/group-crypto";
import { formFlag, parseInput } from "../validate";
import { INCIDENT_FACTORS, missingFactors, notificationDeadline, storedAssessment, type Assessment, type IncidentFactor } from "./incident-rules";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const notes = z.preprocess(blank, z.string().trim().max(4000, "Keep the notes under 4000 characters").optional());
const factorFields = Object.fromEntries(INCIDENT_FACTORS.flatMap((f) => [[`${f}Checked`, formFlag.default(false)], [`${f}Notes`, notes]])) as Record<
  `${IncidentFactor}Checked`, z.ZodDefault<typeof formFlag>> & Record<`${IncidentFactor}Notes`, typeof notes>;

// Flat field names (natureChecked, natureNotes, …): what the checklist form posts as it is.
export const saveIncidentAssessmentSchema = z.object({
  incidentId: z.uuid({ message: "Choose an incident" }),
  discoveredAt: z.preprocess(blank, z.iso.datetime({ offset: true, message: "Enter the discovery as a date and time" }).optional()),
  conclusion: z.preprocess(blank, z.enum(["LOW_PROBABILITY", "NOTIFICATION_REQUIRED"], { message: "Choose a conclusion" }).optional()),
  /** "save" keeps working on it; "assess" concludes it (every factor assessed, a conclusion chosen). */
  intent: z.enum(["save", "assess"], { message: "Intent must be save or assess" }).default("save"),
  ...factorFields,
});

/**
 * The four-factor risk assessment of 45 CFR 164.402(2): a box and notes per factor (notes sealed,
 * they may name the patient), the discovery time (the 60-day deadline follows it) and the
 * conclusion. "assess" moves OPEN → ASSESSED once complete; changing an assessed incident reopens
 * it. A save that changes nothing writes nothing. Closed incidents are final.
 */
export async function saveIncidentAssessment(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "incidents.manage");
  const d = parseInput(saveIncidentAssessmentSchema, input);
  const orgId = ctx.org.id;
  if (d.discoveredAt && Date.parse(d.discoveredAt) > Date.now() + 5 * 60_000) {
    throw new AppError("VALIDATION", "The discovery cannot be in the future", { discoveredAt: ["Enter a time that has passed"] });
  }
  return ctx.db.$transaction(async (tx) => {
    const [locked] = await rawSql(tx, forOrg(orgId)).query<{ id: string }[]>`SELECT id::text FROM "Incident" WHERE id = ${d.incidentId}::uuid AND "orgId" = ${ORG_ID}::uuid FOR UPDATE`;
    if (!locked) throw AppError.notFound("Incident not found");
    const i = await tx.incident.findFirstOrThrow({ where: { id: d.incidentId, orgId } });
    if (i.status === "CLOSED") throw new AppError("CONFLICT", "The incident is closed: its assessment can no longer change");
    const before = storedAssessment(i.assessment);
    const after: Assessment = {};
    const changed: IncidentFactor[] = [];
    for (const f of INCIDENT_FACTORS) {
      const text = d[`${f}Notes`] ?? null;
      const old = openGroupOptional(before[f]?.notesCipher, "incident", orgId, i.id, f);
      const same = old === text;
      after[f] = { checked: d[`${f}Checked`], notesCipher: same ? (before[f]?.notesCipher ?? null) : sealGroupOptional(text, "incident", orgId, i.id, f) };
      if (!same || (before[f]?.checked ?? false) !== d[`${f}Checked`]) changed.push(f);
    }
    const discoveredAt = d.discoveredAt ? new Date(d.discoveredAt) : i.discoveredAt;
    const discoveryChanged = discoveredAt.getTime() !== i.discoveredAt.getTime();
    const conclusion = d.conclusion ?? null;
    const anyChange = changed.length > 0 || discoveryChanged || conclusion !== i.conclusion;
    if (d.intent === "assess") {
      const missing = missingFactors(after);
      const fields: Record<string, string[]> = Object.fromEntries(missing.map((f) => [`${f}Notes`, ["Tick this factor and write what you found"]]));
      if (!conclusion) fields.conclusion = ["Choose the conclusion of the assessment"];
      if (Object.keys(fields).length) throw new AppError("VALIDATION", "The assessment is not complete: every factor needs its notes, and a conclusion", fields);
    } else if (!anyChange) {
      return { incidentId: i.id, status: i.status, changed: false };
    }
    const status = d.intent === "assess" ? "ASSESSED" : "OPEN";
    const data: Prisma.IncidentUpdateInput = {
      assessment: after as Prisma.InputJsonValue, conclusion, discoveredAt, deadlineAt: notificationDeadline(discoveredAt), status,
      ...(status === "ASSESSED" ? { assessedAt: new Date(), assessedById: ctx.user.id } : { assessedAt: null, assessedById: null }),
    };
    await tx.incident.update({ where: { id: i.id, orgId }, data, select: { id: true } });
    await recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: status === "ASSESSED" ? "incident.assessed" : "incident.assessment_saved", targetType: "Incident", targetId: i.id, request: ctx.request,
      metadata: { from: i.status, to: status, factorsChanged: changed, factorsChecked: INCIDENT_FACTORS.filter((f) => after[f]?.checked), conclusion, discoveryChanged },
    });
    return { incidentId: i.id, status, changed: true };
  });
}
