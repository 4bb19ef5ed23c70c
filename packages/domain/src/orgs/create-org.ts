import { db, OrgKind } from "@vetted/db";
import { z } from "zod";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import { parseInput } from "../validate";
import { formSwitch } from "./update-org-settings";
import type { AgencyContext } from "./agency-context";

export const createOrgSchema = z.object({
  name: z.string().trim().min(2, "Name needs at least 2 characters").max(120, "Name is too long"),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "Use 2-63 lowercase letters, digits and dashes, starting with a letter or digit"),
  kind: z.enum(OrgKind).default("OTHER"),
  /** Issue 15: on unless the form unticks it (an API call that leaves it out gets the column default, on). */
  requireMfaForAdmins: formSwitch.optional(),
});

/** Creates a client org under the caller's agency; the creator becomes its first admin. */
export async function createOrg(ctx: AgencyContext, input: unknown) {
  const data = parseInput(createOrgSchema, input);
  return db().$transaction(async (tx) => {
    const taken = await tx.organization.findUnique({ where: { slug: data.slug }, select: { id: true } });
    if (taken) throw new AppError("CONFLICT", "That URL name is taken", { slug: ["Already in use"] });
    const org = await tx.organization.create({ data: { ...data, agencyId: ctx.agencyId } });
    const membership = await tx.membership.create({ data: { orgId: org.id, userId: ctx.user.id, role: "ADMIN" } });
    await recordAuditEvent(tx, {
      orgId: org.id,
      actorId: ctx.user.id,
      action: "org.created",
      targetType: "Organization",
      targetId: org.id,
      metadata: { kind: org.kind, membershipId: membership.id },
      request: ctx.request,
    });
    return org;
  });
}
