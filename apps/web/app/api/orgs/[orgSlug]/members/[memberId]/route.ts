import { changeMemberRole, removeMember } from "@vetted/domain";
import { orgRoute, readJson } from "@/lib/http";

type Params = { orgSlug: string; memberId: string };

export const PATCH = orgRoute<Params>(async (ctx, request, { memberId }) => {
  const body = await readJson(request);
  const member = await changeMemberRole(ctx, { ...(typeof body === "object" && body ? body : {}), memberId });
  return { member: { id: member.id, role: member.role } };
}, { reauth: true }); // a role change is sensitive (issue 15): 401 REAUTH_REQUIRED without a recent re-authentication

export const DELETE = orgRoute<Params>(async (ctx, _request, { memberId }) => {
  await removeMember(ctx, { memberId });
  return { ok: true };
});
