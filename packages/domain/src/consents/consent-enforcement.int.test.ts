import { db } from "@vetted/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, expectAppError, type TestOrg } from "../testing";
import { completeRemovalTask } from "./complete-removal-task";
import { consentScenario, type ConsentScenario } from "./consent-scenario";
import { consentInput } from "./consent-test-helpers";
import { expireConsents } from "./expire-consents";
import { getConsentFile } from "./get-consent-file";
import { linkMediaPerson } from "./link-media-person";
import { remindRemovalTasks } from "./remind-removal-tasks";
import { revokeConsent } from "./revoke-consent";
import { uploadConsent } from "./upload-consent";
import { verifyConsent } from "./verify-consent";

// Linking people to images and enforcing consents at approval, revocation and expiry, against the
// real database. The image scanner is a stub that reports two faces per image.

let world: ConsentScenario;
let org: TestOrg;
beforeAll(async () => {
  world = await consentScenario();
  org = world.org;
});
afterAll(() => world.close());

const verifiedConsent = (over: Parameters<typeof consentInput>[0] = {}) => world.verifiedConsent(over);
async function postWithTwoFaces(opts: { scheduledAt?: string } = {}) {
  const p = await world.postWithFaces(opts);
  expect(await world.stateOf(p.postId)).toBe("IN_REVIEW");
  return p;
}
const approve = (postId: string) => world.approve(postId);
const stateOf = (postId: string) => world.stateOf(postId);

describe("approval gate", () => {
  it("refuses a post whose image shows two faces with one consent linked, saying what is missing", async () => {
    const { postId, mediaId } = await postWithTwoFaces();
    const first = await verifiedConsent();
    await linkMediaPerson(org.ctx.CONSULTANT, { kind: "PATIENT", postId, mediaId, consentId: first.id });
    const e = await expectAppError(approve(postId), "CONFLICT");
    expect(e.message).toMatch(/image 1 shows 2 faces; 1 consent linked and 0 staff attested: link 1 more consent or attest staff/);
    expect(await stateOf(postId)).toBe("IN_REVIEW");

    await linkMediaPerson(org.ctx.CONSULTANT, { kind: "STAFF", postId, mediaId, attest: true, label: "nurse on the left" });
    expect((await approve(postId)).post.state).toBe("APPROVED");
  });

  it("counts a second consent only once verified and covering the post's channels", async () => {
    const { postId, mediaId } = await postWithTwoFaces();
    await linkMediaPerson(org.ctx.CONSULTANT, { kind: "PATIENT", postId, mediaId, consentId: (await verifiedConsent()).id });
    const narrow = (await uploadConsent(org.ctx.STAFF, consentInput({ channels: ["FACEBOOK"] }))).consent;
    const e1 = await expectAppError(linkMediaPerson(org.ctx.CONSULTANT, { kind: "PATIENT", postId, mediaId, consentId: narrow.id }), "CONFLICT");
    expect(e1.message).toMatch(/does not cover INSTAGRAM/);
    const unverified = (await uploadConsent(org.ctx.STAFF, consentInput())).consent;
    await linkMediaPerson(org.ctx.CONSULTANT, { kind: "PATIENT", postId, mediaId, consentId: unverified.id });
    expect((await expectAppError(approve(postId), "CONFLICT")).message).toMatch(/no compliance officer has verified it/);
    await getConsentFile(org.ctx.COMPLIANCE_OFFICER, { consentId: unverified.id });
    await verifyConsent(org.ctx.COMPLIANCE_OFFICER, { consentId: unverified.id });
    expect((await approve(postId)).post.state).toBe("APPROVED");
    await expectAppError(linkMediaPerson(org.ctx.STAFF, { kind: "STAFF", postId, mediaId, attest: true }), "FORBIDDEN");
  });
});

describe("revocation and expiry", () => {
  it("sends a scheduled post back and gives a published one a removal task, reminded until done", async () => {
    const consent = await verifiedConsent({ subjectName: "Philippa Orrell" });
    const scheduled = await postWithTwoFaces({ scheduledAt: new Date(Date.now() + 86_400_000).toISOString() });
    const published = await postWithTwoFaces();
    for (const p of [scheduled, published]) {
      await linkMediaPerson(org.ctx.CONSULTANT, { kind: "PATIENT", postId: p.postId, mediaId: p.mediaId, consentId: consent.id });
      await linkMediaPerson(org.ctx.CONSULTANT, { kind: "STAFF", postId: p.postId, mediaId: p.mediaId, attest: true });
    }
    expect((await approve(scheduled.postId)).post.state).toBe("SCHEDULED");
    await approve(published.postId);
    // Publishing itself is covered elsewhere; here the post only needs to be out.
    await db().post.update({ where: { id: published.postId, orgId: org.org.id }, data: { state: "PUBLISHED" } });

    await expectAppError(revokeConsent(org.ctx.CONSULTANT, { consentId: consent.id, receivedAt: new Date().toISOString(), method: "LETTER" }), "FORBIDDEN");
    const result = await revokeConsent(org.ctx.COMPLIANCE_OFFICER, { consentId: consent.id, receivedAt: new Date().toISOString(), method: "LETTER" });
    expect(result).toMatchObject({ sentBack: 1, removalTasks: 1, consent: { status: "REVOKED" } });
    expect(await stateOf(scheduled.postId)).toBe("CHANGES_REQUESTED");
    expect(await db().approval.count({ where: { orgId: org.org.id, postId: scheduled.postId, voidedAt: null } })).toBe(0);
    expect(await stateOf(published.postId)).toBe("PUBLISHED");
    const task = await db().removalTask.findFirstOrThrow({ where: { orgId: org.org.id, postId: published.postId } });
    expect(task).toMatchObject({ consentId: consent.id, reason: "REVOKED", assigneeId: org.users.CONSULTANT.id, completedAt: null });
    expect(await db().notification.count({ where: { orgId: org.org.id, postId: published.postId, kind: "removal_task" } })).toBe(1);

    // The daily sweep re-applies recent withdrawals without duplicating anything.
    expect(await expireConsents()).toMatchObject({ sentBack: 0, removalTasks: 0 });

    const later = new Date(Date.now() + 25 * 3_600_000);
    expect(await remindRemovalTasks(later)).toBeGreaterThanOrEqual(1);
    expect(await remindRemovalTasks(later)).toBe(0);
    const items = (task.checklist as { id: string }[]).map((i) => i.id);
    expect(items).toEqual(["channel:FACEBOOK", "channel:INSTAGRAM", "copies", "files"]);
    await expectAppError(completeRemovalTask(org.ctx.STAFF, { taskId: task.id, done: items }), "FORBIDDEN");
    expect((await completeRemovalTask(org.ctx.CONSULTANT, { taskId: task.id, done: ["channel:FACEBOOK"] })).task.completedAt).toBeNull();
    expect((await completeRemovalTask(org.ctx.CONSULTANT, { taskId: task.id, done: items })).task.completedAt).not.toBeNull();
    expect(await db().removalTask.count({ where: { orgId: org.org.id, id: task.id, completedAt: null } })).toBe(0);

    const trail = await db().auditEvent.findMany({ where: { orgId: org.org.id, chainKey: org.org.id, action: { in: ["consent.revoked", "post.consent_withdrawn", "removal_task.created", "removal_task.reminded", "removal_task.progressed", "removal_task.completed", "media.patient_linked", "media.staff_attested"] } } });
    expect(new Set(trail.map((e) => e.action)).size).toBe(8);
    expect(JSON.stringify(trail)).not.toMatch(/Philippa|Orrell/);
    expect(await auditEventsFor(org.org.id, { action: "post.consent_withdrawn", targetId: scheduled.postId })).toHaveLength(1);
  });

  it("expires consents past their date and sends their posts back", async () => {
    const consent = await verifiedConsent({ signedAt: new Date(Date.now() - 10 * 86_400_000).toISOString(), expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    const { postId, mediaId } = await postWithTwoFaces();
    await linkMediaPerson(org.ctx.CONSULTANT, { kind: "PATIENT", postId, mediaId, consentId: consent.id });
    await linkMediaPerson(org.ctx.CONSULTANT, { kind: "STAFF", postId, mediaId, attest: true });
    const result = await expireConsents(new Date(Date.now() + 2 * 3_600_000));
    expect(result.expired).toBeGreaterThanOrEqual(1);
    expect((await db().consent.findFirstOrThrow({ where: { id: consent.id, orgId: org.org.id } })).status).toBe("EXPIRED");
    expect(await stateOf(postId)).toBe("CHANGES_REQUESTED");
    expect(await auditEventsFor(org.org.id, { action: "consent.expired", targetId: consent.id })).toHaveLength(1);
  });
});
