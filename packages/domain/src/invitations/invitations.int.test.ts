import { outboxMailsTo } from "../mail/mails-to";
import { db, disconnectDb } from "@vetted/db";
import { createUser, uniq } from "@vetted/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { verifyPassword } from "../auth/password";
import { auditEventsFor, createOrgWithMembers, expectAppError, inviteTokenFromOutbox, TEST_PASSWORD, testPasswordHash, testRequest, type TestOrg } from "../testing";
import { acceptInvitation, getInvitationByToken } from "./accept-invitation";
import { inviteMember } from "./invite-member";
import { listPendingInvitations } from "./list-invitations";
import { revokeInvitation } from "./revoke-invitation";

const NEW_PASSWORD = "a brand new passphrase";
let t: TestOrg;

const newEmail = () => `${uniq("invitee")}@test.vetted.local`;

/** Invites a fresh address as the org's admin; returns the invitation and the token from the mail. */
async function invite(role: "STAFF" | "CONSULTANT" = "STAFF", email = newEmail()) {
  const result = await inviteMember(t.ctx.ADMIN, { email, role });
  return { ...result, email, token: await inviteTokenFromOutbox(email) };
}

beforeAll(async () => {
  t = await createOrgWithMembers();
});

afterAll(() => disconnectDb());

describe("inviteMember", () => {
  it("stores only the token hash, mails the link and audits the invitation", async () => {
    const { invitation, email, token, delivery } = await invite("CONSULTANT");
    expect(delivery).toBe("outbox");
    const mail = (await outboxMailsTo(email))[0]!;
    expect(mail.text).toContain(`/invite/${token}`);
    expect(mail.subject).toContain(t.org.name);

    const row = await db().invitation.findFirstOrThrow({ where: { id: invitation.id, orgId: t.org.id } });
    expect(row.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await auditEventsFor(t.org.id, { action: "invitation.created", targetId: invitation.id })).toEqual([
      expect.objectContaining({ actorId: t.users.ADMIN.id, metadata: { role: "CONSULTANT" } }),
    ]);
    expect((await listPendingInvitations(t.ctx.ADMIN)).map((i) => i.id)).toContain(invitation.id);
    expect(await getInvitationByToken(token, testRequest())).toMatchObject({ email, role: "CONSULTANT", state: "open", existingUser: false });
  });

  it("refuses to invite an existing member", async () => {
    await expectAppError(inviteMember(t.ctx.ADMIN, { email: t.users.STAFF.email, role: "STAFF" }), "CONFLICT");
  });

  it("replaces an open invitation to the same address", async () => {
    const email = newEmail();
    const first = await invite("STAFF", email);
    const second = await invite("CONSULTANT", email);
    await expectAppError(acceptInvitation({ token: first.token, name: "Late Clicker", password: NEW_PASSWORD }, testRequest()), "GONE");
    await acceptInvitation({ token: second.token, name: "Right Link", password: NEW_PASSWORD }, testRequest());
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    expect(await db().membership.findFirst({ where: { orgId: t.org.id, userId: user.id } })).toMatchObject({ role: "CONSULTANT" });
  });
});

describe("acceptInvitation", () => {
  it("creates the user and the membership and audits the acceptance", async () => {
    const { invitation, email, token } = await invite("CONSULTANT");
    const request = testRequest();
    expect(await acceptInvitation({ token, name: "New Person", password: NEW_PASSWORD }, request)).toEqual({ email, orgId: t.org.id });

    const user = await db().user.findUniqueOrThrow({ where: { email } });
    expect(user.name).toBe("New Person");
    expect(await verifyPassword(NEW_PASSWORD, user.passwordHash)).toBe(true);
    const membership = await db().membership.findFirstOrThrow({ where: { orgId: t.org.id, userId: user.id } });
    expect(membership.role).toBe("CONSULTANT");
    expect((await db().invitation.findFirstOrThrow({ where: { id: invitation.id, orgId: t.org.id } })).acceptedAt).toBeInstanceOf(Date);
    expect(await auditEventsFor(t.org.id, { action: "invitation.accepted", targetId: invitation.id })).toEqual([
      expect.objectContaining({ actorId: user.id, metadata: { membershipId: membership.id, role: "CONSULTANT", newUser: true }, userAgent: request.userAgent }),
    ]);
    expect((await verifyAuditChain(t.org.id)).ok).toBe(true);
  });

  it("is single use: a second accept of the same token is GONE", async () => {
    const { token } = await invite();
    await acceptInvitation({ token, name: "Once", password: NEW_PASSWORD }, testRequest());
    await expectAppError(acceptInvitation({ token, name: "Twice", password: NEW_PASSWORD }, testRequest()), "GONE");
    expect(await getInvitationByToken(token, testRequest())).toMatchObject({ state: "accepted" });
  });

  it("refuses an expired invitation with GONE and creates nothing", async () => {
    const { invitation, email, token } = await invite();
    await db().invitation.update({ where: { id: invitation.id, orgId: t.org.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectAppError(acceptInvitation({ token, name: "Too Late", password: NEW_PASSWORD }, testRequest()), "GONE");
    expect(await db().user.findUnique({ where: { email } })).toBeNull();
    expect(await getInvitationByToken(token, testRequest())).toMatchObject({ state: "expired" });
  });

  it("refuses a revoked invitation with GONE and audits the revocation", async () => {
    const { invitation, email, token } = await invite();
    await revokeInvitation(t.ctx.ADMIN, { invitationId: invitation.id });
    expect(await auditEventsFor(t.org.id, { action: "invitation.revoked", targetId: invitation.id })).toHaveLength(1);
    await expectAppError(acceptInvitation({ token, name: "Revoked", password: NEW_PASSWORD }, testRequest()), "GONE");
    expect(await db().user.findUnique({ where: { email } })).toBeNull();
    await expectAppError(revokeInvitation(t.ctx.ADMIN, { invitationId: invitation.id }), "NOT_FOUND");
  });

  it("lets exactly one of two parallel accepts succeed", async () => {
    const { email, token } = await invite();
    const results = await Promise.allSettled([
      acceptInvitation({ token, name: "Tab One", password: NEW_PASSWORD }, testRequest()),
      acceptInvitation({ token, name: "Tab Two", password: NEW_PASSWORD }, testRequest()),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected.map((r) => (r.reason as { code?: string }).code)).toEqual(["GONE"]);
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    expect(await db().membership.count({ where: { orgId: t.org.id, userId: user.id } })).toBe(1);
  });

  it("an existing user proves the account with its password", async () => {
    const existing = await createUser({ passwordHash: await testPasswordHash() });
    const { token } = await invite("STAFF", existing.email);
    await expectAppError(acceptInvitation({ token, password: "not the right password" }, testRequest()), "UNAUTHENTICATED");
    // The failed attempt rolled back, so the link still works with the right password.
    await acceptInvitation({ token, password: TEST_PASSWORD }, testRequest());
    expect(await db().membership.findFirst({ where: { orgId: t.org.id, userId: existing.id } })).toMatchObject({ role: "STAFF" });
    expect((await db().user.findUniqueOrThrow({ where: { id: existing.id } })).passwordHash).toBe(existing.passwordHash);
  });

  it("refuses a malformed or unknown token", async () => {
    await expectAppError(acceptInvitation({ token: "short", name: "X", password: NEW_PASSWORD }, testRequest()), "VALIDATION");
    await expectAppError(acceptInvitation({ token: "A".repeat(43), name: "X", password: NEW_PASSWORD }, testRequest()), "NOT_FOUND");
  });
});
