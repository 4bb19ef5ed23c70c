import { listAuditEvents } from "@vetted/domain";
import { orgRoute, queryObject } from "@/lib/http";

export const GET = orgRoute(async (ctx, request) => listAuditEvents(ctx, queryObject(request)));
