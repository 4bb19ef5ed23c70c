import { db, disconnectDb } from "@vetted/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrgWithMembers, type TestOrg } from "../testing";
import { listNotifications } from "./list-notifications";
import { markPostNotificationsRead, retireReviewNotifications } from "./mark-post-notifications-read";

let t: TestOrg;
let postId: string;

beforeAll(async () => {
  t = await createOrgWithMembers();
  const post = await db().post.create({ data: { orgId: t.org.id, authorId: t.users.CONSULTANT.id, title: "Spring gala photos", channels: ["FACEBOOK"] } });
  postId = post.id;
  const officer = t.users.COMPLIANCE_OFFICER.id;
  await db().notification.createMany({
    data: [
      ...Array.from({ length: 6 }, () => ({ orgId: t.org.id, userId: officer, postId, kind: "ready_for_review" })),
      { orgId: t.org.id, userId: officer, postId, kind: "comment" },
      { orgId: t.org.id, userId: t.users.ADMIN.id, postId, kind: "ready_for_review" },
    ],
  });
});
afterAll(() => disconnectDb());

describe("notifications", () => {
  it("folds the same news about the same post into one item with a count and the post's title", async () => {
    const { unread, items } = await listNotifications(t.users.COMPLIANCE_OFFICER.id);
    expect(unread).toBe(7);
    expect(items.map((i) => [i.kind, i.count, i.postTitle]).sort()).toEqual([
      ["comment", 1, "Spring gala photos"],
      ["ready_for_review", 6, "Spring gala photos"],
    ]);
  });

  it("a removed member no longer sees the org's notifications", async () => {
    await db().membership.delete({ where: { id: t.members.STAFF.id, orgId: t.org.id } });
    await db().notification.create({ data: { orgId: t.org.id, userId: t.users.STAFF.id, postId, kind: "comment" } });
    expect(await listNotifications(t.users.STAFF.id)).toEqual({ unread: 0, items: [] });
  });

  it("opening the post reads the viewer's own; a decision retires everyone's review requests", async () => {
    expect(await markPostNotificationsRead(t.ctx.COMPLIANCE_OFFICER, postId)).toEqual({ updated: 7 });
    expect((await listNotifications(t.users.COMPLIANCE_OFFICER.id)).unread).toBe(0);
    expect((await listNotifications(t.users.ADMIN.id)).unread).toBe(1);
    await db().$transaction((tx) => retireReviewNotifications(tx, t.org.id, postId));
    expect((await listNotifications(t.users.ADMIN.id)).unread).toBe(0);
  });
});
