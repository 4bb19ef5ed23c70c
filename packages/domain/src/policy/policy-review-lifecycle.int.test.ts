import { outboxMailsTo } from "../mail/mails-to";
import { db } from "@vetted/db";
import { addMember, createUser, withPgClient } from "@vetted/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "../context";
import { NOTIFICATION_KINDS } from "../notifications/notify";
import { auditEventsFor, createOrgWithMembers, createTenantContext, expectAppError, testPasswordHash, type TestOrg } from "../testing";
import { approvePolicyVersion } from "./approve-policy-version";
import { discardPolicyDraft } from "./discard-policy-draft";
import { getPolicyCoverage } from "./get-policy-coverage";
import { getPolicyManual } from "./get-policy-manual";
import { getPolicyVersion } from "./get-policy-version";
import { returnPolicyVersion } from "./return-policy-version";
import { startPolicyDraft } from "./start-policy-draft";
import { submitPolicyVersion } from "./submit-policy-version";

// The review around a version: the compliance officers told when one is submitted (through the
// outbox), a draft discarded (kept, immutable) and a new one started, and one definition of the
// version in force for the manual page and the coverage report (approved, effective date come,
// latest effective date), with effective dates that follow version order.

const DAY = 86_400_000;
let a: TestOrg;
let b: TestOrg;
let officer2: TenantContext;

const submittedNotes = (userId: string) => db().notification.count({ where: { orgId: a.org.id, userId, kind: "policy_version_submitted" } });

beforeAll(async () => {
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
  const user = await createUser({ passwordHash: await testPasswordHash(), name: "Officer Two" });
  await addMember(a.org.id, user.id, "COMPLIANCE_OFFICER");
  officer2 = createTenantContext(a.org, user, "COMPLIANCE_OFFICER");
});

describe("submitting a version for review", () => {
  it("tells the org's compliance officers in the app and by mail, never the submitter, and only this org's", async () => {
    const v1 = (await getPolicyManual(a.ctx.ADMIN)).open!;
    expect(await submitPolicyVersion(a.ctx.ADMIN, { versionId: v1.id })).toEqual({ versionId: v1.id, status: "IN_REVIEW", notified: 2 });
    expect(await submittedNotes(a.users.COMPLIANCE_OFFICER.id)).toBe(1);
    expect(await submittedNotes(officer2.user.id)).toBe(1);
    expect(await submittedNotes(a.users.ADMIN.id)).toBe(0);
    expect(await db().notification.count({ where: { orgId: b.org.id, kind: "policy_version_submitted" } })).toBe(0);
    const mail = (await outboxMailsTo(a.users.COMPLIANCE_OFFICER.email)).find((m) => m.subject.startsWith(NOTIFICATION_KINDS.policy_version_submitted))!;
    expect(mail.subject).toContain(a.org.name);
    expect(mail.text).toContain(`/orgs/${a.org.slug}/policy`);

    // Returned, then submitted by an officer: only the other officer hears of it.
    await returnPolicyVersion(a.ctx.ADMIN, { versionId: v1.id, reason: "One more look" });
    expect(await submitPolicyVersion(a.ctx.COMPLIANCE_OFFICER, { versionId: v1.id })).toMatchObject({ notified: 1 });
    expect(await submittedNotes(a.users.COMPLIANCE_OFFICER.id)).toBe(1);
    expect(await submittedNotes(officer2.user.id)).toBe(2);
  });
});

describe("the version in force", () => {
  it("is the same for the manual page and the coverage report: approved, its date come, the latest effective date", async () => {
    const now = new Date();
    const v1 = (await getPolicyManual(a.ctx.ADMIN)).open!;
    await approvePolicyVersion(officer2, { versionId: v1.id }, now);
    const v2 = await startPolicyDraft(a.ctx.ADMIN);
    expect(v2).toMatchObject({ number: 2, status: "DRAFT" });
    await submitPolicyVersion(a.ctx.ADMIN, { versionId: v2.versionId });
    const effective2 = new Date(now.getTime() + 10 * DAY);
    await approvePolicyVersion(officer2, { versionId: v2.versionId, effectiveAt: effective2.toISOString() }, now);

    const inForce = async (at: Date) => {
      const [manual, coverage] = await Promise.all([getPolicyManual(a.ctx.ADMIN, at), getPolicyCoverage(a.ctx.ADMIN, at)]);
      expect(manual.effective?.id).toBe(coverage.version?.id);
      return manual;
    };
    // Approved with a later effective date: not in force yet, shown as upcoming.
    expect(await inForce(new Date(now.getTime() + DAY))).toMatchObject({ effective: { number: 1 }, upcoming: { number: 2 } });
    expect(await inForce(new Date(effective2.getTime() + 1))).toMatchObject({ effective: { number: 2 }, upcoming: null });

    // A later version may not take effect before version 2 does.
    const v3 = await startPolicyDraft(a.ctx.ADMIN);
    await submitPolicyVersion(a.ctx.ADMIN, { versionId: v3.versionId });
    const early = await expectAppError(approvePolicyVersion(officer2, { versionId: v3.versionId, effectiveAt: new Date(now.getTime() + 5 * DAY).toISOString() }, now), "VALIDATION");
    expect((early as unknown as { fields: object }).fields).toHaveProperty("effectiveAt");
    expect((await db().policyManualVersion.findFirstOrThrow({ where: { id: v3.versionId, orgId: a.org.id } })).status).toBe("IN_REVIEW");
  });
});

describe("discarding a draft", () => {
  it("marks only a draft discarded (audited, then immutable); the org starts a new one", async () => {
    const v3 = (await getPolicyManual(a.ctx.ADMIN)).open!;
    expect(v3).toMatchObject({ number: 3, status: "IN_REVIEW" });
    await expectAppError(discardPolicyDraft(a.ctx.ADMIN, { versionId: v3.id }), "CONFLICT");
    await expectAppError(startPolicyDraft(a.ctx.ADMIN), "CONFLICT");
    await returnPolicyVersion(a.ctx.ADMIN, { versionId: v3.id, reason: "Not needed after all" });
    // Another org's admin, and a member who may not manage the manual, cannot.
    await expectAppError(discardPolicyDraft(b.ctx.ADMIN, { versionId: v3.id }), "NOT_FOUND");
    await expectAppError(discardPolicyDraft(a.ctx.STAFF, { versionId: v3.id }), "FORBIDDEN");
    await expectAppError(discardPolicyDraft(a.ctx.ADMIN, { versionId: "not-a-uuid" }), "VALIDATION");

    expect(await discardPolicyDraft(a.ctx.ADMIN, { versionId: v3.id })).toEqual({ versionId: v3.id, status: "SUPERSEDED_DRAFT" });
    const [event] = await auditEventsFor(a.org.id, { action: "manual.version.discarded", targetId: v3.id });
    expect(event).toMatchObject({ actorId: a.users.ADMIN.id, metadata: { number: 3, proposedBy: "user" } });
    await expectAppError(discardPolicyDraft(a.ctx.ADMIN, { versionId: v3.id }), "CONFLICT");
    const overview = await getPolicyManual(a.ctx.ADMIN);
    expect(overview.open).toBeNull();
    expect(overview.versions.find((v) => v.id === v3.id)?.status).toBe("SUPERSEDED_DRAFT");

    // Approved versions are never discarded, and the database keeps a discarded draft as it is.
    const approved = overview.versions.find((v) => v.number === 1)!;
    await expectAppError(discardPolicyDraft(a.ctx.ADMIN, { versionId: approved.id }), "CONFLICT");
    await withPgClient(async (client) => {
      await expect(client.query(`UPDATE "PolicyManualVersion" SET "changeSummary" = 'x' WHERE id = $1`, [v3.id])).rejects.toThrow(/immutable/);
      await expect(client.query(`DELETE FROM "PolicyManualVersion" WHERE id = $1`, [v3.id])).rejects.toThrow(/kept/);
    });

    const v4 = await startPolicyDraft(a.ctx.ADMIN);
    expect(v4).toMatchObject({ number: 4, status: "DRAFT" });
    expect((await getPolicyManual(a.ctx.ADMIN)).open?.id).toBe(v4.versionId);
    expect((await getPolicyVersion(a.ctx.ADMIN, { versionId: v4.versionId })).may).toMatchObject({ discard: true, edit: true });
    expect((await getPolicyVersion(a.ctx.ADMIN, { versionId: v3.id })).may).toMatchObject({ discard: false, edit: false, submit: false });
    await expectAppError(startPolicyDraft(a.ctx.STAFF), "FORBIDDEN");
  });
});
