import { db } from "@vetted/db";
import { beforeAll, describe, expect, it } from "vitest";
import { createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { useOfflineScanProducer } from "../scans/test-producers";
import { createPost } from "./create-post";
import { submitPost } from "./submit-post";
import { updatePost } from "./update-post";

// A post must never go out (or be scanned) without an image its author attached: an image still
// uploading or whose upload failed is named in the refusal, and nothing is stored.

let a: TestOrg;
let b: TestOrg;

const mediaOf = (org: TestOrg) =>
  db().media.create({
    data: { orgId: org.org.id, storageKey: `${org.org.id}/x/display`, mime: "image/png", width: 10, height: 10, bytes: 4, sha256: "x", createdById: org.users.CONSULTANT.id },
  });
const counts = async (org: TestOrg) => ({
  posts: await db().post.count({ where: { orgId: org.org.id } }),
  revisions: await db().postRevision.count({ where: { orgId: org.org.id } }),
  scans: await db().scanJob.count({ where: { orgId: org.org.id } }),
});
const base = { title: "Images", text: "Our new garden", channels: ["FACEBOOK"] };

beforeAll(async () => {
  useOfflineScanProducer();
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
});

describe("media named by a revision", () => {
  it("refuses an image still uploading, a failed upload, an unknown or another org's image, naming the field and the image", async () => {
    const own = await mediaOf(a);
    const foreign = await mediaOf(b);
    const before = await counts(a);
    const cases: [unknown[], string][] = [
      [[own.id, "uploading"], "Image 2 is still uploading"],
      [[own.id, "failed"], "Image 2 failed to upload; remove it or try again"],
      [["9b2c4a51-2f7e-4c1e-9d55-4a3f7f1f0c11"], "Image 1 is not one of this organization's uploads"],
      [[own.id, foreign.id], "Image 2 is not one of this organization's uploads"],
      [["not-an-id"], "Image 1 is not a valid image reference"],
    ];
    for (const [mediaIds, message] of cases) {
      const error = await expectAppError(createPost(a.ctx.CONSULTANT, { ...base, mediaIds }), "VALIDATION");
      expect((error as unknown as { fields: Record<string, string[]> }).fields).toEqual({ mediaIds: [message] });
    }
    expect(await counts(a)).toEqual(before);
  });

  it("refuses an edit naming an image still uploading and keeps the current revision", async () => {
    const own = await mediaOf(a);
    const { post } = await createPost(a.ctx.CONSULTANT, { ...base, mediaIds: [own.id] });
    const before = await counts(a);
    const error = await expectAppError(updatePost(a.ctx.CONSULTANT, { postId: post.id, revision: 1, mediaIds: [own.id, "uploading"] }), "VALIDATION");
    expect((error as unknown as { fields: Record<string, string[]> }).fields).toEqual({ mediaIds: ["Image 2 is still uploading"] });
    expect(await counts(a)).toEqual(before);
    // With the upload finished, the same edit is a new revision naming both images.
    const second = await mediaOf(a);
    const { revision } = await updatePost(a.ctx.CONSULTANT, { postId: post.id, revision: 1, mediaIds: [own.id, second.id] });
    expect(revision).toMatchObject({ number: 2, mediaIds: [own.id, second.id] });
  });

  it("refuses to submit a revision whose image is not the org's (written before this check), and starts no scan", async () => {
    const { post, revision } = await createPost(a.ctx.CONSULTANT, base);
    const foreign = await mediaOf(b);
    await db().postRevision.update({ where: { id: revision.id, orgId: a.org.id }, data: { mediaIds: [foreign.id] } });
    const before = await counts(a);
    const error = await expectAppError(submitPost(a.ctx.CONSULTANT, { postId: post.id, revision: 1 }), "VALIDATION");
    expect((error as unknown as { fields: Record<string, string[]> }).fields).toEqual({ mediaIds: ["Image 1 is not one of this organization's uploads"] });
    expect(await counts(a)).toEqual(before);
    expect((await db().post.findFirstOrThrow({ where: { id: post.id, orgId: a.org.id } })).state).toBe("DRAFT");
  });
});
