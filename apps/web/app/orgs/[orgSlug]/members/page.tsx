import type { Metadata } from "next";
import { can, listMembers, listPendingInvitations } from "@vetted/domain";
import { Card, roleLabel } from "@/components/ui";
import { NoAccess } from "@/components/no-access";
import { pageTenant } from "@/lib/pages";
import { changeMemberRoleAction, inviteMemberAction, removeMemberAction, revokeInvitationAction } from "./actions";
import { InviteForm, RemoveForm, RevokeForm, RoleForm } from "./member-forms";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug);
  if (!can(ctx, "members.view")) return <NoAccess />;
  const [members, invitations] = await Promise.all([listMembers(ctx), listPendingInvitations(ctx)]);
  const slug = ctx.org.slug;
  const mayChange = can(ctx, "members.changeRole");
  const mayRemove = can(ctx, "members.remove");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Members and roles</h1>
      {can(ctx, "members.invite") ? (
        <Card title="Invite someone">
          <InviteForm action={inviteMemberAction.bind(null, slug)} />
        </Card>
      ) : null}
      <Card title={`Members (${members.length})`}>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">Name</th>
                <th scope="col" className="py-2 pr-3 font-medium">Email</th>
                <th scope="col" className="py-2 pr-3 font-medium">Role</th>
                <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {members.map((m) => (
                <tr key={m.id} data-testid="member-row">
                  <td className="py-2 pr-3">{m.user.name}{m.isSelf ? <span className="ml-1 text-xs text-slate-500">(you)</span> : null}</td>
                  <td className="py-2 pr-3 text-slate-700">{m.user.email}</td>
                  <td className="py-2 pr-3">
                    {mayChange && !m.isSelf ? <RoleForm action={changeMemberRoleAction.bind(null, slug)} memberId={m.id} role={m.role} who={m.user.name} /> : roleLabel(m.role)}
                  </td>
                  <td className="py-2 text-right">{mayRemove && !m.isSelf ? <RemoveForm action={removeMemberAction.bind(null, slug)} memberId={m.id} who={m.user.name} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      <Card title={`Pending invitations (${invitations.length})`}>
        {invitations.length === 0 ? (
          <p className="text-sm text-slate-600">No open invitations.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {invitations.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>{i.email} · {roleLabel(i.role)} · expires {i.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC</span>
                {can(ctx, "members.invite") ? <RevokeForm action={revokeInvitationAction.bind(null, slug)} invitationId={i.id} /> : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
