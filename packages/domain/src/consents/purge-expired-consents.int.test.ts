import { randomUUID } from "node:crypto";
import { db } from "@vetted/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPost } from "../posts/create-post";
import { mediaStorage, resetMediaStorage } from "../media/storage";
import { createOrgWithMembers, type TestOrg, tempMediaDir } from "../testing";
import { consentInput } from "./consent-test-helpers";
import { linkMediaPerson } from "./link-media-person";
import { purgeExpiredConsents } from "./purge-expired-consents";
import { uploadConsent } from "./upload-consent";

// The consent purge (issue 15, retention) against the real database and its retention trigger.

let store: Awaited<ReturnType<typeof tempMediaDir>>;
let a: TestOrg;

beforeAll(async () => {
  store = await tempMediaDir("consent-purge");
  a = await createOrgWithMembers();
});
afterAll(() => store.close());

const yearsAgo = (n: number) => new Date(Date.now() - n * 365.25 * 86_400_000);

/** A consent as if signed `signedYearsAgo` and ended (revoked, or expired) `endedYearsAgo`. */
async function agedConsent(end: { status: "REVOKED" | "EXPIRED" | "ACTIVE"; endedYearsAgo?: number; signedYearsAgo: number }, linked = false) {
  const { consent } = await uploadConsent(a.ctx.STAFF, consentInput());
  // Linked while it was in force, as it would have been years ago.
  const link = linked ? await linkToImage(consent.id) : null;
  const ended = end.endedYearsAgo === undefined ? null : yearsAgo(end.endedYearsAgo);
  await db().consent.update({
    where: { id: consent.id, orgId: a.org.id },
    data: {
      createdAt: yearsAgo(end.signedYearsAgo), signedAt: yearsAgo(end.signedYearsAgo), status: end.status,
      revokedAt: end.status === "REVOKED" ? ended : null, expiredAt: end.status === "EXPIRED" ? ended : null,
      expiresAt: end.status === "ACTIVE" ? null : ended, expirationEvent: end.status === "ACTIVE" ? "End of the campaign" : null,
    },
  });
  return { ...(await db().consent.findFirstOrThrow({ where: { id: consent.id, orgId: a.org.id } })), link: link! };
}

async function linkToImage(consentId: string) {
  const mediaId = randomUUID();
  await db().media.create({
    data: { id: mediaId, orgId: a.org.id, storageKey: `${a.org.id}/${mediaId}/display`, mime: "image/png", width: 10, height: 10, bytes: 4, sha256: "0".repeat(64), createdById: a.users.CONSULTANT.id },
  });
  const { post } = await createPost(a.ctx.CONSULTANT, { title: "Graduation", text: "Congratulations to our graduates!", channels: ["FACEBOOK"], mediaIds: [mediaId] });
  await linkMediaPerson(a.ctx.CONSULTANT, { kind: "PATIENT", postId: post.id, mediaId, consentId });
  return { postId: post.id, mediaId };
}

const exists = (id: string) => db().consent.count({ where: { id, orgId: a.org.id } });

describe("purgeExpiredConsents", () => {
  it("deletes a consent ended more than six years ago with its file and signing request, keeps the person unlinked, audits ids only", async () => {
    const old = await agedConsent({ status: "REVOKED", endedYearsAgo: 6.5, signedYearsAgo: 8 }, true);
    const { mediaId } = old.link;
    await db().consentRequest.create({
      data: { orgId: a.org.id, tokenHash: randomUUID().replace(/-/g, "").padEnd(64, "0"), expiresAt: yearsAgo(8), status: "SIGNED", subjectNameCipher: "x", keyId: old.keyId, descriptionCipher: "x", discloser: "Clinic", recipients: [], channels: [], purposes: [], createdById: a.users.STAFF.id, consentId: old.id },
    });
    expect((await mediaStorage().get(old.fileKey)).length).toBeGreaterThan(0);

    const result = await purgeExpiredConsents();
    expect(result.purged).toBeGreaterThanOrEqual(1);
    expect(await exists(old.id)).toBe(0);
    await expect(mediaStorage().get(old.fileKey)).rejects.toThrow();
    expect(await db().consentRequest.count({ where: { orgId: a.org.id, consentId: old.id } })).toBe(0);
    const person = await db().mediaPerson.findFirstOrThrow({ where: { orgId: a.org.id, mediaId } });
    expect(person).toMatchObject({ kind: "PATIENT", consentId: null });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { orgId: a.org.id, action: "consent.purged", targetId: old.id } });
    expect(audit.metadata).toEqual({ peopleDetached: 1, signingRequestsDeleted: 1 });
    expect(JSON.stringify(audit)).not.toContain(consentInput().subjectName);
  });

  it("keeps consents within retention, still in force (even signed long ago), or held by an open removal task", async () => {
    const recent = await agedConsent({ status: "EXPIRED", endedYearsAgo: 5, signedYearsAgo: 9 });
    const inForce = await agedConsent({ status: "ACTIVE", signedYearsAgo: 9 });
    const held = await agedConsent({ status: "REVOKED", endedYearsAgo: 7, signedYearsAgo: 9 }, true);
    const { postId } = held.link;
    await db().removalTask.create({ data: { orgId: a.org.id, postId, consentId: held.id, reason: "REVOKED", assigneeId: a.users.CONSULTANT.id, checklist: [] } });

    const result = await purgeExpiredConsents();
    expect(result.heldByOpenRemoval).toBeGreaterThanOrEqual(1);
    for (const c of [recent, inForce, held]) expect(await exists(c.id)).toBe(1);
    expect((await mediaStorage().get(held.fileKey)).length).toBeGreaterThan(0);
  });

  it("the database refuses to delete an ACTIVE consent whatever its age, and one ended less than six years ago", async () => {
    const inForce = await agedConsent({ status: "ACTIVE", signedYearsAgo: 9 });
    const recent = await agedConsent({ status: "REVOKED", endedYearsAgo: 2, signedYearsAgo: 9 });
    for (const c of [inForce, recent]) {
      await expect(db().consent.delete({ where: { id: c.id, orgId: a.org.id } })).rejects.toThrow(/kept six years/);
    }
  });

  it("a storage failure rolls the purge of that consent back for the next run", async () => {
    const old = await agedConsent({ status: "EXPIRED", endedYearsAgo: 7, signedYearsAgo: 8 });
    const real = mediaStorage();
    resetMediaStorage({ put: (k, b) => real.put(k, b), get: (k) => real.get(k), delete: () => Promise.reject(new Error("store unreachable")) });
    try {
      expect((await purgeExpiredConsents()).fileErrors).toBeGreaterThanOrEqual(1);
    } finally {
      resetMediaStorage(real);
    }
    expect(await exists(old.id)).toBe(1);
    expect(await db().auditEvent.count({ where: { orgId: a.org.id, action: "consent.purged", targetId: old.id } })).toBe(0);
    await purgeExpiredConsents();
    expect(await exists(old.id)).toBe(0);
  });
});
