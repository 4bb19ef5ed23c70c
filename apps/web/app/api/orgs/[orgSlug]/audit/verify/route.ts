import { verifyOrgAuditChain } from "@vetted/domain";
import { orgRoute } from "@/lib/http";

export const POST = orgRoute(async (ctx) => verifyOrgAuditChain(ctx));
