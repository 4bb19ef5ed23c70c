import { db } from "@vetted/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decidePost } from "../approvals/decide-post";
import { outboxMailsTo } from "../mail/mails-to";
import { updatePost } from "../posts/update-post";
import { auditEventsFor, createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { closeLimiters } from "../limits/limiter-connection";
import { clientRequest, codeFor, linkTokenFor, postInReview, withClientStep } from "./client-approval-test-helpers";
import { decideClientApproval } from "./decide-client-approval";
import { getClientApprovalStatus } from "./get-client-approval-status";
import { openClientApproval } from "./open-client-approval";
import { sendToClientApprover } from "./send-to-client-approver";
import { verifyClientApprovalCode } from "./verify-client-approval-code";

// Issue 16 through the domain, against the real database: a compliance officer approves step 1, the
// client approver gets a link, confirms the mailed code and decides step 2.

let org: TestOrg;
let other: TestOrg;
let email: string;
let approverId: string;

beforeAll(async () => {
  [org, other] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
  const setup = await withClientStep(org);
  email = setup.email;
  approverId = setup.approver.id;
});
afterAll(() => closeLimiters());

/** A post approved by the officer (step 1), so it waits at the client step; the link from the mail. */
async function atClientStep() {
  const post = await postInReview(org);
  const { post: after } = await decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE" });
  expect(after.state).toBe("IN_REVIEW");
  return { post, token: await linkTokenFor(email) };
}

/** Opens the link in a browser and confirms the mailed code: the session the cookie would hold. */
async function confirmed(token: string, request = clientRequest()) {
  const view = await openClientApproval(token, null, request);
  expect(view.stage).toBe("code");
  const { session } = await verifyClientApprovalCode(token, { code: await codeFor(email) }, request);
  return session;
}

describe("the link", () => {
  it("is mailed when the post reaches the client step, stored only as a hash, valid 72 hours", async () => {
    const { post, token } = await atClientStep();
    const links = await db().clientApprovalLink.findMany({ where: { orgId: org.org.id, postId: post.id } });
    expect(links).toHaveLength(1);
    const link = links[0]!;
    expect(link).toMatchObject({ approverId, step: 1, revision: 1, sentById: null, usedAt: null });
    expect(link.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(link)).not.toContain(token);
    const hours = (link.expiresAt.getTime() - link.createdAt.getTime()) / 3_600_000;
    expect(hours).toBe(72);
    const [mail] = await outboxMailsTo(email);
    expect(mail!.text).not.toContain("Client post");
    const sent = await auditEventsFor(org.org.id, { action: "client_approval.link_sent", targetId: post.id });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.actorId).toBe(org.users.COMPLIANCE_OFFICER.id);
    // The post page's card: step 2 waits for the client, who may be sent a new link; the link is open.
    const status = await getClientApprovalStatus(org.ctx.CONSULTANT, post, link.revisionId);
    expect(status).toMatchObject({ hasClientStep: true, waitingStep: 2, sendable: [{ id: approverId, name: "Dana Client" }] });
    expect(status.links.map((l) => [l.approver, l.state, l.automatic])).toEqual([["Dana Client", "open", true]]);
  });

  it("shows nothing of the post before the code, and mails the code once (a reload sends no second code)", async () => {
    const { post, token } = await atClientStep();
    const request = clientRequest();
    const view = await openClientApproval(token, null, request);
    expect(view).toMatchObject({ stage: "code", approverName: "Dana Client", attemptsLeft: 5 });
    if (view.stage !== "code") throw new Error("code stage expected");
    expect(view.maskedEmail).toMatch(/^d•••@client\.example$/);
    expect(JSON.stringify(view)).not.toContain("flu shot");
    const codes = async () => (await outboxMailsTo(email)).filter((m) => m.text.startsWith("Your code is")).length;
    const before = await codes();
    await openClientApproval(token, null, request);
    expect(await codes()).toBe(before);
    // The code's HMAC only is stored.
    const link = await db().clientApprovalLink.findFirstOrThrow({ where: { orgId: org.org.id, postId: post.id } });
    expect(link.codesSent).toBe(1);
    expect(link.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(link.codeHash).not.toContain(await codeFor(email));
  });

  it("counts wrong codes and locks for good after five, whatever the browser", async () => {
    const { post, token } = await atClientStep();
    await openClientApproval(token, null, clientRequest());
    const right = await codeFor(email);
    const wrong = right === "000000" ? "111111" : "000000";
    for (let left = 4; left >= 1; left--) {
      const e = await expectAppError(verifyClientApprovalCode(token, { code: wrong }, clientRequest()), "VALIDATION");
      expect((e as unknown as { fields: Record<string, string[]> }).fields.code![0]).toContain(`${left} attempt${left === 1 ? "" : "s"} left`);
    }
    const locked = await expectAppError(verifyClientApprovalCode(token, { code: wrong }, clientRequest()), "GONE");
    expect(locked.message).toMatch(/locked/);
    // Even the right code no longer opens it.
    await expectAppError(verifyClientApprovalCode(token, { code: right }, clientRequest()), "GONE");
    await expectAppError(openClientApproval(token, null, clientRequest()), "GONE");
    const failures = await db().auditEvent.findMany({ where: { orgId: org.org.id, chainKey: org.org.id, action: "client_approval.code_failed" }, orderBy: { seq: "desc" }, take: 1 });
    expect(failures[0]!.metadata).toMatchObject({ attempt: 5, locked: true });
    // The team can send a new link, which works.
    await sendToClientApprover(org.ctx.CONSULTANT, { postId: post.id, revision: 1, approverId });
    expect((await openClientApproval(await linkTokenFor(email), null, clientRequest())).stage).toBe("code");
  });

  it("refuses an expired code, and a malformed one by naming the field", async () => {
    const { post, token } = await atClientStep();
    await openClientApproval(token, null, clientRequest());
    await expectAppError(verifyClientApprovalCode(token, { code: "12ab" }, clientRequest()), "VALIDATION");
    await db().clientApprovalLink.updateMany({ where: { orgId: org.org.id, postId: post.id }, data: { codeExpiresAt: new Date(Date.now() - 1000) } });
    const e = await expectAppError(verifyClientApprovalCode(token, { code: await codeFor(email) }, clientRequest()), "VALIDATION");
    expect(e.message).toMatch(/expired/);
  });
});

describe("the decision", () => {
  it("approving counts as the client step in the approver's name: the post is approved, audited with time and IP", async () => {
    const { post, token } = await atClientStep();
    const request = clientRequest();
    const session = await confirmed(token, request);
    // Without the session (another browser) nothing is shown or decided.
    expect((await openClientApproval(token, null, clientRequest())).stage).toBe("code");
    await expectAppError(decideClientApproval(token, null, { decision: "APPROVE" }, clientRequest()), "UNAUTHENTICATED");
    const view = await openClientApproval(token, session, request);
    if (view.stage !== "review") throw new Error("review stage expected");
    expect(view.post.text).toContain("flu shot");
    expect(view.obstacle).toBeNull();
    const decided = await decideClientApproval(token, session, { decision: "APPROVE" }, request);
    expect(decided.decision).toBe("APPROVE");
    const fresh = await db().post.findFirstOrThrow({ where: { id: post.id, orgId: org.org.id } });
    expect(fresh.state).toBe("APPROVED");
    const approvals = await db().approval.findMany({ where: { orgId: org.org.id, postId: post.id }, orderBy: { createdAt: "asc" } });
    expect(approvals.map((a) => [a.step, a.approverId, a.clientApproverId])).toEqual([[0, org.users.COMPLIANCE_OFFICER.id, null], [1, null, approverId]]);
    const link = await db().clientApprovalLink.findFirstOrThrow({ where: { orgId: org.org.id, postId: post.id } });
    expect(link).toMatchObject({ decision: "APPROVE", approvalId: approvals[1]!.id, ip: request.ip, userAgent: request.userAgent, sessionHash: null });
    const [event] = await auditEventsFor(org.org.id, { action: "client_approval.decided", targetId: post.id });
    expect(event).toMatchObject({ actorId: null, actorLabel: "Dana Client (client approver)", ip: request.ip, userAgent: request.userAgent });
    expect(event!.metadata).toMatchObject({ decision: "APPROVE", step: 2, from: "IN_REVIEW", to: "APPROVED", approverId });
    // The author hears of it.
    expect(await db().notification.count({ where: { orgId: org.org.id, userId: post.authorId, postId: post.id, kind: "approved" } })).toBe(1);
  });

  it("a used link is refused: 410 on open and on a second decision", async () => {
    const { token } = await atClientStep();
    const session = await confirmed(token);
    await decideClientApproval(token, session, { decision: "APPROVE" }, clientRequest());
    const again = await expectAppError(decideClientApproval(token, session, { decision: "REQUEST_CHANGES", comment: "wait" }, clientRequest()), "GONE");
    expect(again.message).toMatch(/already used/);
    await expectAppError(openClientApproval(token, session, clientRequest()), "GONE");
  });

  it("asking for changes needs a comment and returns the post to its author like an officer's request", async () => {
    const { post, token } = await atClientStep();
    const session = await confirmed(token);
    await expectAppError(decideClientApproval(token, session, { decision: "REQUEST_CHANGES" }, clientRequest()), "VALIDATION");
    await decideClientApproval(token, session, { decision: "REQUEST_CHANGES", comment: "Use the new logo, please." }, clientRequest());
    const fresh = await db().post.findFirstOrThrow({ where: { id: post.id, orgId: org.org.id } });
    expect(fresh.state).toBe("CHANGES_REQUESTED");
    const approval = await db().approval.findFirstOrThrow({ where: { orgId: org.org.id, postId: post.id, clientApproverId: approverId } });
    expect(approval).toMatchObject({ decision: "REQUEST_CHANGES", comment: "Use the new logo, please.", step: 1 });
    expect(await db().notification.count({ where: { orgId: org.org.id, userId: post.authorId, postId: post.id, kind: "changes_requested" } })).toBe(1);
  });

  it("an expired link is refused with a clear answer", async () => {
    const { post, token } = await atClientStep();
    const session = await confirmed(token);
    const past = new Date(Date.now() - 73 * 3_600_000);
    await db().clientApprovalLink.updateMany({ where: { orgId: org.org.id, postId: post.id }, data: { createdAt: past, expiresAt: new Date(past.getTime() + 72 * 3_600_000) } });
    const e = await expectAppError(openClientApproval(token, session, clientRequest()), "GONE");
    expect(e.message).toMatch(/expired/);
    await expectAppError(decideClientApproval(token, session, { decision: "APPROVE" }, clientRequest()), "GONE");
    expect((await db().post.findFirstOrThrow({ where: { id: post.id, orgId: org.org.id } })).state).toBe("IN_REVIEW");
  });

  it("a new revision voids the link (and the officer's approval), as an edit after approval does", async () => {
    const { post, token } = await atClientStep();
    const session = await confirmed(token);
    await updatePost(org.ctx.CONSULTANT, { postId: post.id, revision: 1, text: "Our flu shot clinic moves to Sunday 9-1." });
    const e = await expectAppError(decideClientApproval(token, session, { decision: "APPROVE" }, clientRequest()), "GONE");
    expect(e.message).toMatch(/changed/);
    const link = await db().clientApprovalLink.findFirstOrThrow({ where: { orgId: org.org.id, postId: post.id } });
    expect(link.voidReason).toBe("post edited");
    expect(await db().approval.count({ where: { orgId: org.org.id, postId: post.id, voidedAt: null } })).toBe(0);
  });

  it("members cannot decide the client's step for them", async () => {
    const { post } = await atClientStep();
    const e = await expectAppError(decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE" }), "FORBIDDEN");
    expect(e.message).toMatch(/client approver/);
  });
});

describe("isolation", () => {
  it("another org's members can neither send a link nor see the post through it", async () => {
    const { post } = await atClientStep();
    await expectAppError(sendToClientApprover(other.ctx.CONSULTANT, { postId: post.id, revision: 1, approverId }), "NOT_FOUND");
    // Org B's client approver cannot be sent org A's post either.
    const b = await withClientStep(other);
    await expectAppError(sendToClientApprover(org.ctx.CONSULTANT, { postId: post.id, revision: 1, approverId: b.approver.id }), "NOT_FOUND");
    expect(await db().clientApprovalLink.count({ where: { orgId: other.org.id } })).toBe(0);
  });

  it("an unknown or malformed token is the same 404", async () => {
    for (const token of ["x".repeat(43), "../..", 42, null]) {
      await expectAppError(openClientApproval(token, null, clientRequest()), "NOT_FOUND");
    }
  });
});
