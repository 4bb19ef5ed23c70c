import { createOrgAuditCheckpoint } from "@vetted/domain";
import { orgRoute } from "@/lib/http";

// A signed checkpoint of the org's audit chain head, on demand (compliance officers and admins).
export const POST = orgRoute(async (ctx) => createOrgAuditCheckpoint(ctx));
