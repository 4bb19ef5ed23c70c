// Demo client approver (issue 16): someone at St. Brigid's own marketing office who approves posts
// without a Vetted account, by emailed link and code. Only the approver: the demo approval policy is
// left as it is (one compliance officer), so the other demos and the e2e specs are unchanged; add a
// "client approver" step under Settings → Approval policy to try it. Safe to run again.
import { db } from "@vetted/db";
import { loadTenantContext } from "@vetted/domain";
import { approverEmailIndex, createClientApprover } from "@vetted/domain/client-approvals";

const APPROVER = { name: "Dana Whitfield", email: "dana.whitfield@stbrigid.example" };

export async function seedDemoClientApprover(orgSlug: string, adminId: string): Promise<string> {
  const admin = await loadTenantContext(adminId, orgSlug, { ip: null, userAgent: "seed" });
  const exists = await db().clientApprover.count({ where: { orgId: admin.org.id, emailIndex: approverEmailIndex(admin.org.id, APPROVER.email) } });
  if (exists) return `${orgSlug}: client approver already seeded`;
  await createClientApprover(admin, APPROVER);
  return `${orgSlug}: client approver ${APPROVER.name} <${APPROVER.email}>`;
}
