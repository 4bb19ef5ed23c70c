import { loadShell, roleCan } from "@vetted/domain";
import type { Role } from "@vetted/db";
import { redirect } from "next/navigation";
import { pageUser } from "@/lib/pages";

/**
 * Where a person lands after signing in: compliance officers (who review and draft nothing) start
 * on their review queue; everyone else (consultants, admins, staff) on the agency overview of their
 * client orgs, sorted by what needs attention.
 */
export default async function Home() {
  const user = await pageUser("/");
  const shell = await loadShell(user.userId);
  const roles = shell.orgs.map((o) => o.role as Role);
  const reviewerOnly = roles.length > 0 && roles.every((r) => roleCan(r, "posts.review") && !roleCan(r, "posts.create"));
  redirect(reviewerOnly ? "/review" : "/overview");
}
