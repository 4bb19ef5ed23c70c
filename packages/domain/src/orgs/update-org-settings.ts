import { z } from "zod";
import type { TenantContext } from "../context";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { parseInput } from "../validate";

export const updateOrgSettingsSchema = z
  .object({
    name: z.string().trim().min(2, "Name needs at least 2 characters").max(120, "Name is too long").optional(),
    idleTimeoutMinutes: z.coerce
      .number({ message: "Enter a number of minutes" })
      .int("Whole minutes only")
      .min(1, "At least 1 minute")
      .max(60, "HIPAA guidance: keep automatic logoff at 60 minutes or less")
      .optional(),
  })
  .refine((v) => v.name !== undefined || v.idleTimeoutMinutes !== undefined, { message: "Nothing to change", path: ["_"] });

export async function updateOrgSettings(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "org.update");
  const changes = parseInput(updateOrgSettingsSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const org = await tx.organization.update({ where: { id: ctx.org.id }, data: changes });
    await recordAuditEvent(tx, {
      orgId: ctx.org.id,
      actorId: ctx.user.id,
      action: "org.updated",
      targetType: "Organization",
      targetId: ctx.org.id,
      metadata: { fields: Object.keys(changes) },
      request: ctx.request,
    });
    return org;
  });
}
