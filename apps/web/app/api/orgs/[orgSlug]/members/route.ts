import { listMembers } from "@vetted/domain";
import { orgRoute } from "@/lib/http";

export const GET = orgRoute(async (ctx) => ({ members: await listMembers(ctx) }));
