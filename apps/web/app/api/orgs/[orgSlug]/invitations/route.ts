import { inviteMember, listPendingInvitations } from "@vetted/domain";
import { orgRoute, readJson } from "@/lib/http";

export const GET = orgRoute(async (ctx) => ({ invitations: await listPendingInvitations(ctx) }));

export const POST = orgRoute(async (ctx, request) => {
  const result = await inviteMember(ctx, await readJson(request));
  return Response.json(result, { status: 201 });
});
