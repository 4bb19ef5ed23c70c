import { db } from "@vetted/db";
import { AppError } from "../errors";
import type { ContextUser, RequestMeta } from "../context";
import { NO_REQUEST } from "../context";

/** An agency admin acting on the agency itself: creating client orgs and assigning people. */
export interface AgencyContext {
  user: ContextUser;
  agencyId: string;
  request: RequestMeta;
}

export async function loadAgencyAdminContext(userId: string, request: RequestMeta = NO_REQUEST): Promise<AgencyContext> {
  const user = await db().user.findUnique({ where: { id: userId } });
  if (!user?.agencyId || user.agencyRole !== "AGENCY_ADMIN") throw AppError.notFound();
  return { user: { id: user.id, email: user.email, name: user.name }, agencyId: user.agencyId, request };
}

export async function isAgencyAdmin(userId: string): Promise<boolean> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { agencyRole: true, agencyId: true } });
  return !!user?.agencyId && user.agencyRole === "AGENCY_ADMIN";
}
