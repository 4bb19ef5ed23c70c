import { getApprovalPolicy, updateApprovalPolicy } from "@vetted/domain";
import { orgRoute, readJson } from "@/lib/http";

export const GET = orgRoute(async (ctx) => ({ policy: await getApprovalPolicy(ctx) }));

export const PUT = orgRoute(async (ctx, request) => updateApprovalPolicy(ctx, await readJson(request)));
