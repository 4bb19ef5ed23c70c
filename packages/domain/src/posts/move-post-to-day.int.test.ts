import { db } from "@vetted/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consentScenario, type ConsentScenario } from "../consents/consent-scenario";
import { linkMediaPerson } from "../consents/link-media-person";
import { addDays, dateInZone, timeInZone, zonedLocalToIso } from "../time/zoned-dates";
import { auditEventsFor, createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { movePostToDay } from "./move-post-to-day";

// The content calendar's drag (issue 16): a move to another day is schedulePost at the same time of
// day in the org's zone, so approvals stand, and its refusals (approval window, consents) apply.

let world: ConsentScenario;
let org: TestOrg;
let other: TestOrg;
beforeAll(async () => {
  world = await consentScenario();
  org = world.org;
  other = await createOrgWithMembers();
});
afterAll(() => world.close());

const zone = () => org.org.timeZone;
const today = () => dateInZone(new Date(), zone());
/** 9:00 in the org's zone, `days` from today. */
const nineAm = (days: number) => zonedLocalToIso(`${addDays(today(), days)}T09:00`, zone());
const postOf = (id: string) => db().post.findFirstOrThrow({ where: { id, orgId: org.org.id } });
type Fields = { fields: Record<string, string[]> };

/** A post in review with a time, its image showing `faces` faces (none: nothing to consent to). */
const inReviewAt = (days: number, faces = 0) => world.postWithFaces({ faces, scheduledAt: nineAm(days) });

describe("movePostToDay", () => {
  it("moves a scheduled post to another day at the same time of day in the org's zone; its approval stands", async () => {
    const { postId } = await inReviewAt(3);
    expect((await world.approve(postId)).post.state).toBe("SCHEDULED");
    const target = addDays(today(), 6);
    const moved = await movePostToDay(org.ctx.CONSULTANT, { postId, revision: 1, toDate: target });
    expect(moved).toMatchObject({ state: "SCHEDULED", currentRevision: 1 });
    expect(moved.scheduledAt!.toISOString()).toBe(nineAm(6));
    expect([dateInZone(moved.scheduledAt!, zone()), timeInZone(moved.scheduledAt!, zone())]).toEqual([target, "09:00"]);
    expect(await db().approval.count({ where: { orgId: org.org.id, postId, voidedAt: null } })).toBe(1);
    const events = await auditEventsFor(org.org.id, { action: "post.scheduled", targetId: postId });
    expect(events).toHaveLength(1);
    expect(events[0]!.metadata).toMatchObject({ from: "SCHEDULED", to: "SCHEDULED", rescheduled: true });
  });

  it("refuses a day already past (inside the approval window) and leaves the post where it was", async () => {
    const { postId } = await inReviewAt(2);
    await world.approve(postId);
    const refused = await expectAppError(movePostToDay(org.ctx.CONSULTANT, { postId, revision: 1, toDate: addDays(today(), -1) }), "VALIDATION");
    expect((refused as unknown as Fields).fields.scheduledAt?.join(" ")).toMatch(/at least 5 minutes from now/);
    expect(await postOf(postId)).toMatchObject({ state: "SCHEDULED", scheduledAt: new Date(nineAm(2)) });
  });

  it("refuses a day after a consent of someone shown ends, and leaves the post where it was", async () => {
    const consent = await world.verifiedConsent({ signedAt: new Date(Date.now() - 5 * 86_400_000).toISOString(), expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString() });
    const { postId, mediaId } = await inReviewAt(3, 1);
    await linkMediaPerson(org.ctx.CONSULTANT, { kind: "PATIENT", postId, mediaId, consentId: consent.id });
    expect((await world.approve(postId)).post.state).toBe("SCHEDULED");
    const refused = await expectAppError(movePostToDay(org.ctx.CONSULTANT, { postId, revision: 1, toDate: addDays(today(), 15) }), "CONFLICT");
    expect(refused.message).toMatch(/cannot be scheduled: image 1: a patient's linked consent does not count because it expires on/);
    expect(await postOf(postId)).toMatchObject({ state: "SCHEDULED", scheduledAt: new Date(nineAm(3)) });
  });

  it("moves only approved and scheduled posts with a time: in review, published or without a time are refused", async () => {
    const { postId: inReview } = await inReviewAt(3);
    expect((await expectAppError(movePostToDay(org.ctx.CONSULTANT, { postId: inReview, revision: 1, toDate: addDays(today(), 5) }), "CONFLICT")).message).toMatch(/Only approved and scheduled posts move on the calendar/);
    expect(await postOf(inReview)).toMatchObject({ state: "IN_REVIEW", scheduledAt: new Date(nineAm(3)) });

    const { postId: published } = await inReviewAt(3);
    await world.approve(published);
    await db().post.update({ where: { id: published, orgId: org.org.id }, data: { state: "PUBLISHED" } });
    expect((await expectAppError(movePostToDay(org.ctx.CONSULTANT, { postId: published, revision: 1, toDate: addDays(today(), 5) }), "CONFLICT")).message).toBe("A published post cannot be moved");

    const { postId: untimed } = await world.postWithFaces({ faces: 0 });
    expect((await world.approve(untimed)).post.state).toBe("APPROVED");
    expect((await expectAppError(movePostToDay(org.ctx.CONSULTANT, { postId: untimed, revision: 1, toDate: addDays(today(), 5) }), "CONFLICT")).message).toMatch(/no time yet/);
  });

  it("refuses a stale revision, another org's caller, a role that may not schedule and a bad date", async () => {
    const { postId } = await inReviewAt(4);
    await world.approve(postId);
    const toDate = addDays(today(), 8);
    expect((await expectAppError(movePostToDay(org.ctx.CONSULTANT, { postId, revision: 2, toDate }), "CONFLICT") as unknown as Fields).fields).toEqual({ revision: ["Stale revision"] });
    await expectAppError(movePostToDay(other.ctx.ADMIN, { postId, revision: 1, toDate }), "NOT_FOUND");
    await expectAppError(movePostToDay(org.ctx.STAFF, { postId, revision: 1, toDate }), "FORBIDDEN");
    const bad = await expectAppError(movePostToDay(org.ctx.CONSULTANT, { postId: "not-a-post", revision: 1, toDate: "2026-02-30" }), "VALIDATION");
    expect(Object.keys((bad as unknown as Fields).fields).sort()).toEqual(["postId", "toDate"]);
    expect(await postOf(postId)).toMatchObject({ state: "SCHEDULED", scheduledAt: new Date(nineAm(4)) });
  });
});
