import { db, type PostState } from "@vetted/db";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, createOrgWithMembers, type TestOrg } from "../testing";
import { RecordingPublisher } from "./publisher";
import { runScheduleTick } from "./run-schedule-tick";

let org: TestOrg;
beforeAll(async () => {
  org = await createOrgWithMembers();
});

// Rows straight into the tables: createPost refuses a time in the past, which these tests need.
async function postIn(state: PostState, scheduledAt: Date, channels: ("FACEBOOK" | "X" | "LINKEDIN")[] = ["FACEBOOK"]) {
  const post = await db().post.create({
    data: { orgId: org.org.id, authorId: org.users.CONSULTANT.id, title: "Tick test", state, channels, scheduledAt },
  });
  await db().postRevision.create({
    data: { orgId: org.org.id, postId: post.id, number: 1, text: "Our flu shot clinic opens Monday.", channelTexts: { X: "Flu shots Monday" }, mediaIds: [], createdById: org.users.CONSULTANT.id },
  });
  return post;
}

const stateOf = async (id: string) => (await db().post.findFirstOrThrow({ where: { id, orgId: org.org.id } })).state;
const notes = (postId: string, kind: string) => db().notification.findMany({ where: { orgId: org.org.id, postId, kind } });
const minutes = (n: number) => new Date(Date.now() + n * 60_000);

describe("runScheduleTick", () => {
  it("expires posts that were not approved and scheduled by their time, and tells the author", async () => {
    const inReview = await postIn("IN_REVIEW", minutes(-1));
    const draft = await postIn("DRAFT", minutes(-5));
    const approved = await postIn("APPROVED", minutes(-1));
    const future = await postIn("IN_REVIEW", minutes(600));
    await runScheduleTick(new RecordingPublisher());
    expect(await stateOf(inReview.id)).toBe("EXPIRED");
    expect(await stateOf(draft.id)).toBe("EXPIRED");
    expect(await stateOf(approved.id)).toBe("APPROVED");
    expect(await stateOf(future.id)).toBe("IN_REVIEW");
    expect((await notes(inReview.id, "expired")).map((n) => n.userId)).toEqual([org.users.CONSULTANT.id]);
    const [event] = await auditEventsFor(org.org.id, { action: "post.expired", targetId: inReview.id });
    expect(event).toMatchObject({ actorId: null, actorLabel: "worker", metadata: { from: "IN_REVIEW", to: "EXPIRED", revision: 1 } });
  });

  it("hands a due SCHEDULED post off once per channel even when two ticks run at the same moment", async () => {
    const post = await postIn("SCHEDULED", minutes(-0.1), ["FACEBOOK", "X", "LINKEDIN"]);
    const later = await postIn("SCHEDULED", minutes(30));
    const publishers = [new RecordingPublisher(), new RecordingPublisher(), new RecordingPublisher()];
    await Promise.all(publishers.map((p) => runScheduleTick(p)));
    await runScheduleTick(publishers[0]!);

    expect(await stateOf(post.id)).toBe("PUBLISHED");
    expect(await stateOf(later.id)).toBe("SCHEDULED");
    const handoffs = await db().publishHandoff.findMany({ where: { orgId: org.org.id, postId: post.id }, orderBy: { channel: "asc" } });
    expect(handoffs.map((h) => h.channel).sort()).toEqual(["FACEBOOK", "LINKEDIN", "X"]);
    expect(handoffs.every((h) => h.publisher === "recording")).toBe(true);
    // All three channels went through exactly one of the concurrent ticks' publishers.
    const calls = publishers.map((p) => p.handoffs.filter((h) => h.postId === post.id).length);
    expect(calls.sort()).toEqual([0, 0, 3]);
    expect(await auditEventsFor(org.org.id, { action: "post.published", targetId: post.id })).toHaveLength(1);
    expect(await notes(post.id, "published")).toHaveLength(1);
  });

  it("skips channels already handed off when a post is picked up again", async () => {
    const post = await postIn("SCHEDULED", minutes(-1), ["FACEBOOK", "X"]);
    const revision = await db().postRevision.findFirstOrThrow({ where: { orgId: org.org.id, postId: post.id } });
    await db().publishHandoff.create({ data: { orgId: org.org.id, postId: post.id, revisionId: revision.id, channel: "FACEBOOK", publisher: "recording" } });
    const publisher = new RecordingPublisher();
    await runScheduleTick(publisher);
    expect(publisher.handoffs.filter((h) => h.postId === post.id)).toEqual([{ postId: post.id, channel: "X" }]);
    expect(await stateOf(post.id)).toBe("PUBLISHED");
  });

  it("reminds the approvers of a post in review due within two hours, once an hour, never its author", async () => {
    const soon = await postIn("IN_REVIEW", minutes(90));
    const far = await postIn("IN_REVIEW", minutes(180));
    await Promise.all([runScheduleTick(new RecordingPublisher()), runScheduleTick(new RecordingPublisher())]);
    await runScheduleTick(new RecordingPublisher());
    const reminded = await notes(soon.id, "reminder");
    expect(reminded.map((n) => n.userId).sort()).toEqual([org.users.ADMIN.id, org.users.COMPLIANCE_OFFICER.id].sort());
    expect(await notes(far.id, "reminder")).toEqual([]);
    expect(await auditEventsFor(org.org.id, { action: "post.reminder_sent", targetId: soon.id })).toHaveLength(1);

    // An hour later the same approvers are reminded again, except one who has approved meanwhile.
    const revision = await db().postRevision.findFirstOrThrow({ where: { orgId: org.org.id, postId: soon.id } });
    await db().approvalPolicy.create({ data: { orgId: org.org.id, steps: [{ mode: "ALL", userIds: [], roles: ["COMPLIANCE_OFFICER", "ADMIN"] }], blockingTypes: [] } });
    try {
      await db().approval.create({ data: { orgId: org.org.id, postId: soon.id, revisionId: revision.id, step: 0, approverId: org.users.ADMIN.id, decision: "APPROVE" } });
      await runScheduleTick(new RecordingPublisher(), minutes(61));
      const again = await notes(soon.id, "reminder");
      expect(again.filter((n) => n.userId === org.users.COMPLIANCE_OFFICER.id)).toHaveLength(2);
      expect(again.filter((n) => n.userId === org.users.ADMIN.id)).toHaveLength(1);
    } finally {
      await db().approvalPolicy.deleteMany({ where: { orgId: org.org.id } });
    }
  });
});
