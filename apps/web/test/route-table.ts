import type { TestOrg } from "@vetted/domain/testing";

// Every route handler and server action of the app, with the org A ids each one is called with.
// route-matrix.int.test.ts checks this table against the app's file tree.

export interface Fixture {
  a: TestOrg;
  b: TestOrg;
  invitationId: string;
}
export type RouteEntry = { params: (f: Fixture) => Record<string, string>; body?: (f: Fixture) => unknown; query?: string };
export type ActionEntry = { form: (f: Fixture) => Record<string, string> };

const slugOf = (f: Fixture) => ({ orgSlug: f.a.org.slug });
export const ROUTES: Record<string, RouteEntry> = {
  "api/orgs/[orgSlug]/route.ts GET": { params: slugOf },
  "api/orgs/[orgSlug]/route.ts PATCH": { params: slugOf, body: () => ({ name: "Hijacked", idleTimeoutMinutes: 60 }) },
  "api/orgs/[orgSlug]/audit/route.ts GET": { params: slugOf },
  "api/orgs/[orgSlug]/audit/export/route.ts GET": { params: slugOf },
  "api/orgs/[orgSlug]/audit/verify/route.ts POST": { params: slugOf },
  "api/orgs/[orgSlug]/members/route.ts GET": { params: slugOf },
  "api/orgs/[orgSlug]/members/[memberId]/route.ts PATCH": { params: (f) => ({ orgSlug: f.a.org.slug, memberId: f.a.members.STAFF.id }), body: () => ({ role: "ADMIN" }) },
  "api/orgs/[orgSlug]/members/[memberId]/route.ts DELETE": { params: (f) => ({ orgSlug: f.a.org.slug, memberId: f.a.members.STAFF.id }) },
  "api/orgs/[orgSlug]/invitations/route.ts GET": { params: slugOf },
  "api/orgs/[orgSlug]/invitations/route.ts POST": { params: slugOf, body: () => ({ email: "intruder@example.org", role: "ADMIN" }) },
  "api/orgs/[orgSlug]/invitations/[invitationId]/route.ts DELETE": { params: (f) => ({ orgSlug: f.a.org.slug, invitationId: f.invitationId }) },
};
export const ACTIONS: Record<string, ActionEntry> = {
  "orgs/[orgSlug]/members/actions.ts inviteMemberAction": { form: () => ({ email: "intruder@example.org", role: "ADMIN" }) },
  "orgs/[orgSlug]/members/actions.ts changeMemberRoleAction": { form: (f) => ({ memberId: f.a.members.STAFF.id, role: "ADMIN" }) },
  "orgs/[orgSlug]/members/actions.ts removeMemberAction": { form: (f) => ({ memberId: f.a.members.STAFF.id }) },
  "orgs/[orgSlug]/members/actions.ts revokeInvitationAction": { form: (f) => ({ invitationId: f.invitationId }) },
  "orgs/[orgSlug]/audit/actions.ts verifyChainAction": { form: () => ({}) },
  "orgs/[orgSlug]/settings/actions.ts updateSettingsAction": { form: () => ({ name: "Hijacked", idleTimeoutMinutes: "60" }) },
};
/** Routes that take no org: each says why it is outside the matrix (agency actions have their own test). */
export const NOT_ORG_SCOPED: Record<string, string> = {
  "api/auth/[...nextauth]/route.ts GET": "Auth.js endpoints",
  "api/auth/[...nextauth]/route.ts POST": "Auth.js endpoints",
  "api/session/ping/route.ts POST": "keeps the caller's own session alive",
  "(auth)/signin/actions.ts signInAction": "public sign-in",
  "(auth)/signout/actions.ts signOutAction": "ends the caller's own session",
  "(auth)/signout/actions.ts idleSignOutAction": "ends the caller's own session",
  "invite/[token]/actions.ts acceptInvitationAction": "public: the emailed token is the credential",
  "agency/actions.ts createOrgAction": "agency-scoped: see the agency isolation test",
  "agency/actions.ts assignMemberAction": "agency-scoped: see the agency isolation test",
};
