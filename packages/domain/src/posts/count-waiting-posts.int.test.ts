import { db, disconnectDb, forOrg, ORG_ID, rawSql } from "@vetted/db";
import { afterAll, expect, it } from "vitest";
import { createOrgWithMembers } from "../testing";
import { countWaitingPosts } from "./count-waiting-posts";

// The posts here have no revision: left behind, one due within the hour would reach the schedule
// tick of run-schedule-tick.int.test.ts (which reads every org) and break its reminder pass.
const orgIds: string[] = [];
afterAll(async () => {
  await db().post.deleteMany({ where: { orgId: { in: orgIds } } });
  await disconnectDb();
});

it("counts posts waiting for review per org, and the overdue ones (old, or due within a day)", async () => {
  const [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
  orgIds.push(a.org.id, b.org.id);
  const now = new Date();
  const post = (orgId: string, authorId: string, state: "IN_REVIEW" | "DRAFT", scheduledAt: Date | null) =>
    db().post.create({ data: { orgId, authorId, title: "t", channels: ["FACEBOOK"], state, scheduledAt } });
  await post(a.org.id, a.users.CONSULTANT.id, "IN_REVIEW", null);
  await post(a.org.id, a.users.CONSULTANT.id, "IN_REVIEW", new Date(now.getTime() + 3_600_000));
  await post(a.org.id, a.users.CONSULTANT.id, "DRAFT", null);
  const old = await post(a.org.id, a.users.CONSULTANT.id, "IN_REVIEW", new Date(now.getTime() + 7 * 86_400_000));
  await rawSql(db(), forOrg(a.org.id)).execute`UPDATE "Post" SET "updatedAt" = now() - interval '3 days' WHERE id = ${old.id}::uuid AND "orgId" = ${ORG_ID}::uuid`;
  await post(b.org.id, b.users.CONSULTANT.id, "IN_REVIEW", null);

  const counts = await countWaitingPosts(a.users.COMPLIANCE_OFFICER.id, now);
  expect([...counts.entries()]).toEqual([[a.org.id, { waiting: 3, overdue: 2 }]]);
});
