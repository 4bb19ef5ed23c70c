import { getOrgOverview, updateOrgSettings } from "@vetted/domain";
import { orgRoute, readJson } from "@/lib/http";

export const GET = orgRoute(async (ctx) => ({ org: { slug: ctx.org.slug, name: ctx.org.name, role: ctx.role }, overview: await getOrgOverview(ctx) }));

export const PATCH = orgRoute(async (ctx, request) => updateOrgSettings(ctx, await readJson(request)));
