import { db } from "@vetted/db";
import { AppError } from "../errors";
import { listMyOrgs } from "./list-my-orgs";

/** What every signed-in page's frame shows: who you are, your orgs, whether you run the agency. */
export async function loadShell(userId: string) {
  const user = await db().user.findUnique({ where: { id: userId }, select: { name: true, email: true, agencyRole: true, agencyId: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "ended");
  const orgs = await listMyOrgs(userId);
  return { name: user.name, email: user.email, orgs, agencyAdmin: !!user.agencyId && user.agencyRole === "AGENCY_ADMIN" };
}
