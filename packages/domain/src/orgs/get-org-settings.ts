import type { TenantContext } from "../context";
import { assertCan } from "../access/permissions";
import type { OrgSettings } from "./update-org-settings";

/** The org's editable settings, as the settings form shows them. */
export async function getOrgSettings(ctx: TenantContext): Promise<OrgSettings> {
  assertCan(ctx, "org.update");
  return ctx.db.organization.findUniqueOrThrow({
    where: { id: ctx.org.id },
    select: {
      slug: true, name: true, idleTimeoutMinutes: true, timeZone: true, privacyOfficer: true, privacyAddress: true, privacyEmail: true,
      autoHideBlocking: true, autoDeleteBlocking: true, commentRetentionDays: true, firstResponseSlaMinutes: true, requireMfaForAdmins: true,
    },
  });
}
