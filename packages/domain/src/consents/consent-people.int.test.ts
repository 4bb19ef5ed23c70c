import { db } from "@vetted/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOrgOverview } from "../orgs/get-org-overview";
import { schedulePost } from "../posts/schedule-post";
import { publishDuePosts } from "../publishing/publish-due-posts";
import { RecordingPublisher } from "../publishing/publisher";
import { auditEventsFor, createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { applyConsentWithdrawal } from "./apply-consent-withdrawal";
import { consentScenario, type ConsentScenario } from "./consent-scenario";
import { getPostPeople } from "./get-post-people";
import { linkMediaPerson } from "./link-media-person";
import { remindRemovalTasks } from "./remind-removal-tasks";
import { unlinkMediaPerson } from "./unlink-media-person";
import { warnExpiringConsents } from "./warn-expiring-consents";
import { consentInput } from "./consent-test-helpers";
import { uploadConsent } from "./upload-consent";

// Who is shown in a post's images: the coverage the post page shows, unlinking, the consent check
// at publish time and the escalation of overdue removal tasks. Real database, stub face detector.

let world: ConsentScenario;
let org: TestOrg;
let other: TestOrg;
beforeAll(async () => {
  world = await consentScenario();
  org = world.org;
  other = await createOrgWithMembers();
});
afterAll(() => world.close());

const revisionOf = async (postId: string) => db().postRevision.findFirstOrThrow({ where: { orgId: org.org.id, postId, number: 1 } });

describe("getPostPeople", () => {
  it("lists per image the faces, the people marked with their consent, and what is missing", async () => {
    const { postId, mediaId } = await world.postWithFaces();
    const consent = await world.verifiedConsent({ subjectName: "Ottilie Brennagh" });
    await linkMediaPerson(org.ctx.CONSULTANT, { kind: "PATIENT", postId, mediaId, consentId: consent.id, label: "left, red scarf" });
    const [image] = await getPostPeople(org.ctx.STAFF, { id: postId, channels: ["FACEBOOK", "INSTAGRAM"], scheduledAt: null }, (await revisionOf(postId)).id);
    expect(image).toMatchObject({ mediaId, position: 1, faces: 2, missing: 1 });
    expect(image!.people).toEqual([
      expect.objectContaining({ kind: "PATIENT", label: "left, red scarf", gap: null, consent: expect.objectContaining({ id: consent.id, name: "Ottilie Brennagh", status: "ACTIVE", verified: true }) }),
    ]);
    expect(image!.problems.join(" ")).toMatch(/image 1 shows 2 faces; 1 consent linked and 0 staff attested: link 1 more consent or attest staff/);
  });

  it("a linked consent awaiting verification is counted as linked, not as '0 linked', and cannot be linked twice", async () => {
    const { postId, mediaId } = await world.postWithFaces({ faces: 1 });
    const { consent } = await uploadConsent(org.ctx.STAFF, consentInput({ subjectName: "Wilhelmina Strand" }));
    await linkMediaPerson(org.ctx.CONSULTANT, { kind: "PATIENT", postId, mediaId, consentId: consent.id });
    await expectAppError(linkMediaPerson(org.ctx.CONSULTANT, { kind: "PATIENT", postId, mediaId, consentId: consent.id }), "CONFLICT");
    const [image] = await getPostPeople(org.ctx.CONSULTANT, { id: postId, channels: ["FACEBOOK", "INSTAGRAM"], scheduledAt: null }, (await revisionOf(postId)).id);
    expect(image!.people).toHaveLength(1);
    const text = image!.problems.join(" ");
    expect(text).toMatch(/1 consent linked, 0 of them counting, and 0 staff attested: link 1 more consent/);
    expect(text).not.toMatch(/0 consents linked/);
  });
});

describe("unlinkMediaPerson", () => {
  it("removes a link; on an approved post it voids the approvals and sends the post back", async () => {
    const { postId, mediaId } = await world.postWithFaces({ faces: 1 });
    const { person } = await linkMediaPerson(org.ctx.CONSULTANT, { kind: "STAFF", postId, mediaId, attest: true });
    expect((await world.approve(postId)).post.state).toBe("APPROVED");

    await expectAppError(unlinkMediaPerson(other.ctx.ADMIN, { postId, personId: person.id }), "NOT_FOUND");
    await expectAppError(unlinkMediaPerson(org.ctx.STAFF, { postId, personId: person.id }), "FORBIDDEN");
    await expectAppError(unlinkMediaPerson(org.ctx.CONSULTANT, { postId, personId: "not-an-id" }), "VALIDATION");
    expect(await db().mediaPerson.count({ where: { orgId: org.org.id, id: person.id } })).toBe(1);

    expect(await unlinkMediaPerson(org.ctx.CONSULTANT, { postId, personId: person.id })).toEqual({ state: "CHANGES_REQUESTED", approvalsVoided: 1 });
    expect(await db().mediaPerson.count({ where: { orgId: org.org.id, id: person.id } })).toBe(0);
    expect(await world.stateOf(postId)).toBe("CHANGES_REQUESTED");
    const [event] = await auditEventsFor(org.org.id, { action: "media.person_unlinked", targetId: mediaId });
    expect(event?.metadata).toMatchObject({ postId, personId: person.id, kind: "STAFF", from: "APPROVED", to: "CHANGES_REQUESTED", approvalsVoided: 1 });
    await expectAppError(unlinkMediaPerson(org.ctx.CONSULTANT, { postId, personId: person.id }), "NOT_FOUND");
  });

  it("refuses once the post is final", async () => {
    const { postId, mediaId } = await world.postWithFaces({ faces: 1 });
    const { person } = await linkMediaPerson(org.ctx.CONSULTANT, { kind: "STAFF", postId, mediaId, attest: true });
    await db().post.update({ where: { id: postId, orgId: org.org.id }, data: { state: "PUBLISHED" } });
    expect((await expectAppError(unlinkMediaPerson(org.ctx.CONSULTANT, { postId, personId: person.id }), "CONFLICT")).message).toMatch(/published/);
  });
});

describe("a consent that lapses before the scheduled time", () => {
  it("cannot carry the post: linking says so, approval and a later reschedule are refused", async () => {
    const consent = await world.verifiedConsent({ signedAt: new Date(Date.now() - 5 * 86_400_000).toISOString(), expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString() });
    const late = await world.postWithFaces({ faces: 1, scheduledAt: new Date(Date.now() + 20 * 86_400_000).toISOString() });
    const e = await expectAppError(linkMediaPerson(org.ctx.CONSULTANT, { kind: "PATIENT", postId: late.postId, mediaId: late.mediaId, consentId: consent.id }), "CONFLICT");
    expect(e.message).toMatch(/expires on \d{4}-\d{2}-\d{2}, before the post's scheduled time/);

    const soon = await world.postWithFaces({ faces: 1, scheduledAt: new Date(Date.now() + 3 * 86_400_000).toISOString() });
    await linkMediaPerson(org.ctx.CONSULTANT, { kind: "PATIENT", postId: soon.postId, mediaId: soon.mediaId, consentId: consent.id });
    expect((await world.approve(soon.postId)).post.state).toBe("SCHEDULED");
    const moved = await expectAppError(schedulePost(org.ctx.CONSULTANT, { postId: soon.postId, revision: 1, scheduledAt: new Date(Date.now() + 15 * 86_400_000).toISOString() }), "CONFLICT");
    expect(moved.message).toMatch(/cannot be scheduled: image 1: a patient's linked consent does not count because it expires on/);
    const post = await db().post.findFirstOrThrow({ where: { id: soon.postId, orgId: org.org.id } });
    expect(post.state).toBe("SCHEDULED");
    expect(post.scheduledAt!.getTime()).toBeLessThan(Date.now() + 4 * 86_400_000);
    // Moving it earlier is fine.
    await schedulePost(org.ctx.CONSULTANT, { postId: soon.postId, revision: 1, scheduledAt: new Date(Date.now() + 2 * 86_400_000).toISOString() });
  });
});

describe("publish-time consent check", () => {
  it("does not publish a scheduled post whose consent no longer holds, even if its withdrawal never ran", async () => {
    const consent = await world.verifiedConsent();
    const { postId, mediaId } = await world.postWithFaces({ faces: 1, scheduledAt: new Date(Date.now() + 3 * 86_400_000).toISOString() });
    await linkMediaPerson(org.ctx.CONSULTANT, { kind: "PATIENT", postId, mediaId, consentId: consent.id });
    expect((await world.approve(postId)).post.state).toBe("SCHEDULED");
    // Revoked, but the follow-up that sends posts back failed (revokeConsent runs it after its commit).
    await db().consent.update({ where: { id: consent.id, orgId: org.org.id }, data: { status: "REVOKED", revokedAt: new Date() } });

    const publisher = new RecordingPublisher();
    await publishDuePosts(publisher, new Date(Date.now() + 4 * 86_400_000));
    expect(publisher.handoffs.filter((c) => c.postId === postId)).toEqual([]);
    expect(await world.stateOf(postId)).toBe("CHANGES_REQUESTED");
    expect(await db().approval.count({ where: { orgId: org.org.id, postId, voidedAt: null } })).toBe(0);
    const [event] = await auditEventsFor(org.org.id, { action: "post.publish_blocked", targetId: postId });
    expect((event?.metadata as { reason: string }).reason).toMatch(/image 1: a patient's linked consent does not count because it is revoked/);
  });
});

describe("expiry warning", () => {
  it("two weeks ahead, tells the officers, admins and uploader once about a consent in use", async () => {
    const expiresAt = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const used = await world.verifiedConsent({ signedAt: new Date(Date.now() - 86_400_000).toISOString(), expiresAt });
    const unused = await world.verifiedConsent({ signedAt: new Date(Date.now() - 86_400_000).toISOString(), expiresAt });
    const { postId, mediaId } = await world.postWithFaces({ faces: 1 });
    await linkMediaPerson(org.ctx.CONSULTANT, { kind: "PATIENT", postId, mediaId, consentId: used.id });

    expect(await warnExpiringConsents()).toBeGreaterThanOrEqual(1);
    const warnedOf = async (consentId: string) => auditEventsFor(org.org.id, { action: "consent.expiry_warned", targetId: consentId });
    const [warning] = await warnedOf(used.id);
    expect(warning?.metadata).toMatchObject({ linkedImages: 1, expiresAt });
    // Not in use: nothing to renew or take down.
    expect(await warnedOf(unused.id)).toEqual([]);
    const notified = await db().notification.findMany({ where: { orgId: org.org.id, kind: "consent_expiring", createdAt: { gte: warning!.createdAt } }, select: { userId: true } });
    expect(new Set(notified.map((n) => n.userId))).toEqual(new Set([org.users.ADMIN.id, org.users.COMPLIANCE_OFFICER.id, org.users.STAFF.id]));
    await warnExpiringConsents();
    expect(await warnedOf(used.id)).toHaveLength(1);
  });
});

describe("removal task escalation", () => {
  it("after three days, each reminder also goes to the compliance officers and admins", async () => {
    const consent = await world.verifiedConsent();
    const { postId, mediaId } = await world.postWithFaces({ faces: 1 });
    await linkMediaPerson(org.ctx.CONSULTANT, { kind: "PATIENT", postId, mediaId, consentId: consent.id });
    await world.approve(postId);
    await db().post.update({ where: { id: postId, orgId: org.org.id }, data: { state: "PUBLISHED" } });
    await db().consent.update({ where: { id: consent.id, orgId: org.org.id }, data: { status: "REVOKED", revokedAt: new Date() } });
    expect(await applyConsentWithdrawal(org.org.id, consent.id, "REVOKED", { actorId: org.users.COMPLIANCE_OFFICER.id })).toEqual({ sentBack: 0, removalTasks: 1 });

    const overview = await getOrgOverview(org.ctx.COMPLIANCE_OFFICER);
    expect(overview.consents?.openRemovalTasks.map((t) => t.postId)).toContain(postId);
    await uploadConsent(org.ctx.STAFF, consentInput());
    expect((await getOrgOverview(org.ctx.STAFF)).consents?.awaitingVerification).toBe(overview.consents!.awaitingVerification + 1);
    expect((await getOrgOverview(other.ctx.COMPLIANCE_OFFICER)).consents?.openRemovalTasks).toEqual([]);
    const escalated = (userId: string) => db().notification.count({ where: { orgId: org.org.id, postId, userId, kind: "removal_escalated" } });
    await remindRemovalTasks(new Date(Date.now() + 25 * 3_600_000));
    expect(await escalated(org.users.COMPLIANCE_OFFICER.id)).toBe(0);
    await remindRemovalTasks(new Date(Date.now() + 73 * 3_600_000));
    expect(await escalated(org.users.COMPLIANCE_OFFICER.id)).toBe(1);
    expect(await escalated(org.users.ADMIN.id)).toBe(1);
    expect(await escalated(org.users.CONSULTANT.id)).toBe(0);
    expect(await db().notification.count({ where: { orgId: org.org.id, postId, userId: org.users.CONSULTANT.id, kind: "removal_reminder" } })).toBe(2);
    expect(await auditEventsFor(org.org.id, { action: "removal_task.escalated" })).toHaveLength(1);
  });
});
