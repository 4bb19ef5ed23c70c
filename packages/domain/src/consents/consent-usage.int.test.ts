import { randomUUID } from "node:crypto";
import { db } from "@vetted/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPost } from "../posts/create-post";
import { updatePost } from "../posts/update-post";
import { createOrgWithMembers, expectAppError, type TestOrg, tempMediaDir } from "../testing";
import { completeRemovalTask } from "./complete-removal-task";
import { consentInput } from "./consent-test-helpers";
import { getConsent } from "./get-consent";
import { getConsentFile } from "./get-consent-file";
import { linkMediaPerson } from "./link-media-person";
import { listConsentHistory } from "./list-consent-history";
import { listConsentUsage } from "./list-consent-usage";
import { revokeConsent } from "./revoke-consent";
import { uploadConsent } from "./upload-consent";

// Where a consent is used and what happened to it, against the real database.

let store: Awaited<ReturnType<typeof tempMediaDir>>;
let a: TestOrg;
let b: TestOrg;

beforeAll(async () => {
  store = await tempMediaDir("consent-usage");
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
});
afterAll(() => store.close());

/** A draft post with one image (a bare Media row: nothing here reads the file) linked to the consent. */
async function linkedPost(consentId: string, title: string) {
  const mediaId = randomUUID();
  await db().media.create({
    data: { id: mediaId, orgId: a.org.id, storageKey: `${a.org.id}/${mediaId}/display`, mime: "image/png", width: 10, height: 10, bytes: 4, sha256: "0".repeat(64), createdById: a.users.CONSULTANT.id },
  });
  const { post } = await createPost(a.ctx.CONSULTANT, { title, text: "Congratulations to our graduates!", channels: ["FACEBOOK", "INSTAGRAM"], mediaIds: [mediaId] });
  await linkMediaPerson(a.ctx.CONSULTANT, { kind: "PATIENT", postId: post.id, mediaId, consentId });
  return post.id;
}

describe("consent usage and history", () => {
  it("lists the linked posts (current revision or not), the removal tasks, and the trail of the consent only", async () => {
    const { consent } = await uploadConsent(a.ctx.STAFF, consentInput({ subjectName: "Theodora Vantongeren" }));
    const other = (await uploadConsent(a.ctx.STAFF, consentInput())).consent;
    const draft = await linkedPost(consent.id, "Draft with the patient");
    const edited = await linkedPost(consent.id, "Image removed since");
    await updatePost(a.ctx.CONSULTANT, { postId: edited, revision: 1, mediaIds: [] });
    const published = await linkedPost(consent.id, "Out on Facebook");
    await linkedPost(other.id, "Uses another consent");
    await db().post.update({ where: { id: published, orgId: a.org.id }, data: { state: "PUBLISHED" } });

    const revoked = await revokeConsent(a.ctx.COMPLIANCE_OFFICER, { consentId: consent.id, receivedAt: new Date().toISOString(), method: "EMAIL" });
    expect(revoked).toMatchObject({ sentBack: 0, removalTasks: 1 });
    const task = await db().removalTask.findFirstOrThrow({ where: { orgId: a.org.id, consentId: consent.id } });
    await completeRemovalTask(a.ctx.CONSULTANT, { taskId: task.id, done: ["channel:FACEBOOK"] });

    const usage = await listConsentUsage(a.ctx.STAFF, { consentId: consent.id });
    const byId = Object.fromEntries(usage.posts.map((p) => [p.id, p]));
    expect(Object.keys(byId).sort()).toEqual([draft, edited, published].sort());
    expect(byId[draft]).toMatchObject({ title: "Draft with the patient", state: "DRAFT", inCurrentRevision: true, revisions: [1], channels: ["FACEBOOK", "INSTAGRAM"] });
    expect(byId[edited]).toMatchObject({ inCurrentRevision: false, revisions: [1], currentRevision: 2 });
    expect(byId[published]).toMatchObject({ state: "PUBLISHED", inCurrentRevision: true });
    expect(usage.removalTasks).toEqual([
      expect.objectContaining({
        id: task.id, postId: published, postTitle: "Out on Facebook", reason: "REVOKED", open: true, itemsDone: 1, itemsTotal: 4,
        assignee: { id: a.users.CONSULTANT.id, name: a.users.CONSULTANT.name },
      }),
    ]);

    await getConsent(a.ctx.ADMIN, { consentId: consent.id });
    await getConsentFile(a.ctx.COMPLIANCE_OFFICER, { consentId: consent.id });
    const history = await listConsentHistory(a.ctx.STAFF, { consentId: consent.id });
    const actions = history.events.map((e) => e.action);
    expect(history.total).toBe(history.events.length);
    // Newest first; the other consent's upload and link are not part of it.
    expect(actions).toEqual([
      "consent.file_downloaded", "consent.viewed", "removal_task.progressed", "removal_task.created", "consent.revoked",
      "media.patient_linked", "media.patient_linked", "media.patient_linked", "consent.uploaded",
    ]);
    const [downloaded, viewed] = history.events;
    expect(downloaded).toMatchObject({ actorId: a.users.COMPLIANCE_OFFICER.id, actorName: a.users.COMPLIANCE_OFFICER.name, targetType: "Consent", metadata: { mime: "application/pdf" } });
    expect(viewed?.actorName).toBe(a.users.ADMIN.name);
    expect(history.people).toEqual({
      uploadedBy: { id: a.users.STAFF.id, name: a.users.STAFF.name },
      verifiedBy: null,
      revokedBy: { id: a.users.COMPLIANCE_OFFICER.id, name: a.users.COMPLIANCE_OFFICER.name },
    });
    expect(history.events.find((e) => e.action === "consent.revoked")?.metadata).toMatchObject({ method: "EMAIL", from: "ACTIVE" });
    expect(history.events.every((e) => e.createdAt instanceof Date)).toBe(true);
    expect(JSON.stringify({ usage, history })).not.toMatch(/Theodora|Vantongeren|1961-07-14|55501234|cardiac/i);

    expect((await listConsentHistory(a.ctx.STAFF, { consentId: consent.id, take: 2 })).events.map((e) => e.action)).toEqual(["consent.file_downloaded", "consent.viewed"]);
    expect((await listConsentUsage(a.ctx.STAFF, { consentId: other.id })).removalTasks).toEqual([]);
  });

  it("answers NOT_FOUND for another org's consent and VALIDATION for a malformed id", async () => {
    const { consent } = await uploadConsent(a.ctx.STAFF, consentInput());
    for (const role of ["ADMIN", "COMPLIANCE_OFFICER", "STAFF"] as const) {
      await expectAppError(listConsentUsage(b.ctx[role], { consentId: consent.id }), "NOT_FOUND");
      await expectAppError(listConsentHistory(b.ctx[role], { consentId: consent.id }), "NOT_FOUND");
    }
    await expectAppError(listConsentUsage(a.ctx.STAFF, { consentId: "1 OR 1=1" }), "VALIDATION");
    await expectAppError(listConsentHistory(a.ctx.STAFF, { consentId: consent.id, take: 10_000 }), "VALIDATION");
    expect(await listConsentUsage(a.ctx.CONSULTANT, { consentId: consent.id })).toEqual({ posts: [], removalTasks: [] });
  });
});
