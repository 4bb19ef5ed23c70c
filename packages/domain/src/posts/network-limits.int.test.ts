import { db } from "@vetted/db";
import { beforeAll, describe, expect, it } from "vitest";
import { runScanJob } from "../scans/run-scan-job";
import { useOfflineScanProducer } from "../scans/test-producers";
import { createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { assertNewPostFitsNetworks } from "./assert-fits-networks";
import { createPost } from "./create-post";
import { submitPost } from "./submit-post";
import { updatePost } from "./update-post";

// Issue 16: a draft may break a network's hard limit (the author trims it later); a submit, and an edit of
// a post already submitted, may not. The refusal names the field and the network, and changes nothing.

let org: TestOrg;
const LONG = `Our flu clinic is open every Saturday this winter. ${"Bring the whole family along. ".repeat(9)}`.trim();

const fieldsOf = async (attempt: Promise<unknown>) => ((await expectAppError(attempt, "VALIDATION")) as unknown as { fields: Record<string, string[]> }).fields;
const counts = async (postId: string) => ({
  revisions: await db().postRevision.count({ where: { orgId: org.org.id, postId } }),
  scans: await db().scanJob.count({ where: { orgId: org.org.id, postId } }),
  audits: await db().auditEvent.count({ where: { orgId: org.org.id, targetId: postId } }),
  state: (await db().post.findFirstOrThrow({ where: { id: postId, orgId: org.org.id } })).state,
});
const image = () =>
  db().media.create({
    data: { orgId: org.org.id, storageKey: `${org.org.id}/limits/display`, mime: "image/jpeg", width: 1080, height: 1350, bytes: 4, sha256: "x", createdById: org.users.CONSULTANT.id },
  });

beforeAll(async () => {
  useOfflineScanProducer();
  org = await createOrgWithMembers();
  expect(LONG.length).toBeGreaterThan(280);
});

describe("submitting a post that breaks a network's limit", () => {
  it("saves the draft, refuses the submit naming text and network, and leaves the post a draft", async () => {
    const c = org.ctx.CONSULTANT;
    const { post } = await createPost(c, { title: "Flu clinic", text: LONG, channels: ["FACEBOOK", "X"] });
    const before = await counts(post.id);
    const fields = await fieldsOf(submitPost(c, { postId: post.id, revision: 1 }));
    expect(fields).toEqual({ text: [`X allows 280 characters; this post has ${LONG.length}`] });
    expect(await counts(post.id)).toEqual({ ...before, state: "DRAFT" });

    // A shorter X version fixes it: the long text still goes to Facebook.
    const { revision } = await updatePost(c, { postId: post.id, revision: 1, channelTexts: { X: "Flu clinic every Saturday this winter: stbrigid.org/flu" } });
    const { post: submitted } = await submitPost(c, { postId: post.id, revision: revision.number });
    expect(submitted.state).toBe("SCANNING");
  });

  it("names the channel's own text when that is the one too long", async () => {
    const c = org.ctx.CONSULTANT;
    const { post } = await createPost(c, { title: "Variant", text: "Flu clinic on Saturday.", channels: ["FACEBOOK", "X"], channelTexts: { X: LONG } });
    const fields = await fieldsOf(submitPost(c, { postId: post.id, revision: 1 }));
    expect(fields).toEqual({ "channelTexts.X": [`X allows 280 characters; the X text has ${LONG.length}`] });
  });

  it("refuses Instagram and TikTok without an image and accepts them with one", async () => {
    const c = org.ctx.CONSULTANT;
    const { post } = await createPost(c, { title: "No photo", text: "Flu clinic on Saturday.", channels: ["INSTAGRAM", "TIKTOK"] });
    const fields = await fieldsOf(submitPost(c, { postId: post.id, revision: 1 }));
    expect(fields).toEqual({
      mediaIds: ["Instagram needs at least 1 image", "TikTok needs at least 1 image (Vetted posts to TikTok as a photo post; video is not supported)"],
    });
    const photo = await image();
    const { revision } = await updatePost(c, { postId: post.id, revision: 1, mediaIds: [photo.id] });
    await expect(submitPost(c, { postId: post.id, revision: revision.number })).resolves.toMatchObject({ post: { state: "SCANNING" } });
  });

  it("refuses a new post submitted in one go before its draft exists", async () => {
    const before = await db().post.count({ where: { orgId: org.org.id } });
    let caught: unknown;
    try {
      assertNewPostFitsNetworks(org.ctx.CONSULTANT, { title: "One go", text: LONG, channels: ["X"], mediaIds: [] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: "VALIDATION", fields: { text: [`X allows 280 characters; this post has ${LONG.length}`] } });
    expect(await db().post.count({ where: { orgId: org.org.id } })).toBe(before);
    expect(() => assertNewPostFitsNetworks(org.ctx.CONSULTANT, { title: "One go", text: "Flu clinic on Saturday.", channels: ["X"] })).not.toThrow();
    // Someone who may not submit is told that, not how long the text is.
    expect(() => assertNewPostFitsNetworks(org.ctx.STAFF, { title: "One go", text: LONG, channels: ["X"] })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  });
});

describe("editing a post already submitted", () => {
  it("refuses an edit that breaks a limit, keeping the revision under review; a draft edit may", async () => {
    const c = org.ctx.CONSULTANT;
    const { post } = await createPost(c, { title: "In review", text: "Flu clinic on Saturday.", channels: ["X"] });
    const { scanJobId } = await submitPost(c, { postId: post.id, revision: 1 });
    await runScanJob({ scanJobId, orgId: org.org.id });
    const before = await counts(post.id);
    expect(before.state).toBe("IN_REVIEW");
    const fields = await fieldsOf(updatePost(c, { postId: post.id, revision: 1, text: LONG }));
    expect(fields).toEqual({ text: [`X allows 280 characters; this post has ${LONG.length}`] });
    expect(await counts(post.id)).toEqual(before);
    // Adding X to a draft whose text is too long is only a draft: saved.
    const { post: draft } = await createPost(c, { title: "Draft", text: LONG, channels: ["FACEBOOK"] });
    await expect(updatePost(c, { postId: draft.id, revision: 1, channels: ["FACEBOOK", "X"] })).resolves.toMatchObject({ revision: { number: 2 } });
  });
});
