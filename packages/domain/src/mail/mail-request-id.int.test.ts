import { randomUUID } from "node:crypto";
import { db } from "@vetted/db";
import { uniq } from "@vetted/db/testing";
import { expect, it } from "vitest";
import type { TenantContext } from "../context";
import { inviteMember } from "../invitations/invite-member";
import { addPostComment } from "../posts/add-post-comment";
import { createPost } from "../posts/create-post";
import { createOrgWithMembers } from "../testing";
import { outboxMailsTo } from "./mails-to";

// A mail names the web request that caused it (OutboxMail.requestId, issue 15), so the worker's log line
// for its send can be tied to the request's own lines (apps/worker/src/request-ids.int.test.ts). Both
// ways mails are written are covered: one row (queueMail) and the bulk insert of notifications.

const asRequest = (ctx: TenantContext, requestId: string): TenantContext => ({ ...ctx, request: { ...ctx.request, requestId } });

it("an invitation's mail (one row) carries the id of the request that sent it", async () => {
  const org = await createOrgWithMembers();
  const requestId = randomUUID();
  const email = `${uniq("invitee")}@test.vetted.local`;
  await inviteMember(asRequest(org.ctx.ADMIN, requestId), { email, role: "STAFF" });
  expect((await outboxMailsTo(email)).map((m) => m.requestId)).toEqual([requestId]);
  expect(await db().outboxMail.count({ where: { requestId } })).toBe(1);
});

it("notifications' mails (the bulk insert) carry the id of the request that caused them", async () => {
  const org = await createOrgWithMembers();
  const { post } = await createPost(org.ctx.CONSULTANT, { title: "Open house", text: "Open house on Sunday.", channels: ["FACEBOOK"] });
  const requestId = randomUUID();
  await addPostComment(asRequest(org.ctx.COMPLIANCE_OFFICER, requestId), { postId: post.id, body: "Please add the time." });
  // The author hears of the comment: one mail, named by the request.
  expect(await db().outboxMail.count({ where: { requestId } })).toBe(1);
});

it("an id the web did not make (a proxy's trace word, a UUID-shaped string of no RFC variant) stays off the rows", async () => {
  const org = await createOrgWithMembers();
  const { post } = await createPost(org.ctx.CONSULTANT, { title: "Food drive", text: "Food drive all week.", channels: ["FACEBOOK"] });
  const invitees: string[] = [];
  for (const requestId of ["lb-trace-0011223344", "12345678-1234-1234-1234-123456789abc"]) {
    invitees.push(`${uniq("invitee")}@test.vetted.local`);
    await inviteMember(asRequest(org.ctx.ADMIN, requestId), { email: invitees.at(-1)!, role: "STAFF" });
    await addPostComment(asRequest(org.ctx.COMPLIANCE_OFFICER, requestId), { postId: post.id, body: "Looks good." });
  }
  // The invitees' mails and the author's two notices (this org's author, created for this test).
  const mails = [...(await Promise.all(invitees.map(outboxMailsTo))).flat(), ...(await outboxMailsTo(org.users.CONSULTANT.email))];
  expect(mails).toHaveLength(4);
  expect(mails.map((m) => m.requestId)).toEqual([null, null, null, null]);
});
