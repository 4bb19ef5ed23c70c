import { db } from "@vetted/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decidePost } from "../approvals/decide-post";
import { updateApprovalPolicy } from "../approvals/update-approval-policy";
import { consentScenario, type ConsentScenario } from "../consents/consent-scenario";
import { linkMediaPerson } from "../consents/link-media-person";
import { createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { LIMIT_AUDIT_ACTION } from "../limits/enforce-limits";
import { limitSubjectHash } from "../limits/limit-keys";
import { closeLimiters } from "../limits/limiter-connection";
import { clientRequest, codeFor, linkTokenFor, PHI, postInReview, smallLimiter, withClientStep } from "./client-approval-test-helpers";
import { createClientApprover } from "./create-client-approver";
import { decideClientApproval } from "./decide-client-approval";
import { getClientApprovalMedia } from "./get-client-approval-media";
import { listClientApprovers } from "./list-client-approvers";
import { openClientApproval } from "./open-client-approval";
import { sendToClientApprover } from "./send-to-client-approver";
import { setClientApproverActive } from "./set-client-approver-active";
import { verifyClientApprovalCode } from "./verify-client-approval-code";

// Issue 16: what a client approver's decision cannot do (approve over blocking findings or missing
// consents), the policy and approver rules, the on-demand link, images through the link, and the
// limit on misses.

let world: ConsentScenario;
let org: TestOrg;
let email: string;
let approverId: string;

beforeAll(async () => {
  world = await consentScenario();
  org = world.org;
  ({ email, approver: { id: approverId } } = await withClientStep(org));
});
afterAll(async () => {
  closeLimiters();
  await world.close();
});

async function confirmedSession(token: string) {
  const request = clientRequest();
  await openClientApproval(token, null, request);
  const { session } = await verifyClientApprovalCode(token, { code: await codeFor(email) }, request);
  return session;
}

const stateOf = async (postId: string) => (await db().post.findFirstOrThrow({ where: { id: postId, orgId: org.org.id } })).state;

describe("the client's approval satisfies its own step, nothing more", () => {
  it("carries the officer's written override of blocking findings; it never replaces one", async () => {
    const post = await postInReview(org, PHI);
    const blocking = await db().finding.findMany({ where: { orgId: org.org.id, postId: post.id, blocking: true } });
    expect(blocking.length).toBeGreaterThan(0);
    await decidePost(org.ctx.COMPLIANCE_OFFICER, {
      postId: post.id, revision: 1, decision: "APPROVE", overrideJustification: "Signed authorization on file, the patient asked to be featured.",
      overrides: Object.fromEntries(blocking.map((f) => [f.id, { reasonCode: "OTHER", justification: "Signed authorization on file" }])),
    });
    const token = await linkTokenFor(email);
    const session = await confirmedSession(token);
    const view = await openClientApproval(token, session, clientRequest());
    expect(view.stage === "review" && view.obstacle).toBeNull();
    await decideClientApproval(token, session, { decision: "APPROVE" }, clientRequest());
    expect(await stateOf(post.id)).toBe("APPROVED");
  });

  it("cannot complete approval while a blocking finding stands without an officer's override", async () => {
    const post = await postInReview(org);
    await decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE" });
    // No flow leads here (only an officer's override gets a blocking post past step 1): written
    // directly, to show the client's approval checks it again rather than trusting the earlier step.
    const revision = await db().postRevision.findFirstOrThrow({ where: { orgId: org.org.id, postId: post.id, number: 1 } });
    await db().finding.create({
      data: { orgId: org.org.id, postId: post.id, revisionId: revision.id, source: "TEXT", type: "NAME", start: 0, end: 3, text: "Our", score: 0.9, recognizer: "test", explanation: "test", blocking: true },
    });
    const token = await linkTokenFor(email);
    const session = await confirmedSession(token);
    const view = await openClientApproval(token, session, clientRequest());
    expect(view.stage === "review" && view.obstacle).toMatch(/not been cleared by a compliance officer/);
    const e = await expectAppError(decideClientApproval(token, session, { decision: "APPROVE" }, clientRequest()), "CONFLICT");
    expect(e.message).toMatch(/cannot be approved yet/);
    expect(await stateOf(post.id)).toBe("IN_REVIEW");
    expect((await db().clientApprovalLink.findFirstOrThrow({ where: { orgId: org.org.id, postId: post.id } })).usedAt).toBeNull();
    // Asking for changes stays possible.
    await decideClientApproval(token, session, { decision: "REQUEST_CHANGES", comment: "Please remove the flagged name." }, clientRequest());
    expect(await stateOf(post.id)).toBe("CHANGES_REQUESTED");
  });

  it("cannot approve when a patient shown no longer has a valid consent; the images come through the link", async () => {
    const { postId, mediaId } = await world.postWithFaces({ faces: 1 });
    const consent = await world.verifiedConsent();
    await linkMediaPerson(org.ctx.CONSULTANT, { kind: "PATIENT", postId, mediaId, consentId: consent.id });
    await decidePost(org.ctx.COMPLIANCE_OFFICER, { postId, revision: 1, decision: "APPROVE" });
    const token = await linkTokenFor(email);
    const session = await confirmedSession(token);
    const image = await getClientApprovalMedia(token, session, { mediaId }, clientRequest());
    expect(image.bytes.toString()).toBe("IMG");
    await expectAppError(getClientApprovalMedia(token, null, { mediaId }, clientRequest()), "UNAUTHENTICATED");
    const { mediaId: otherMedia } = await world.postWithFaces({ faces: 0 });
    await expectAppError(getClientApprovalMedia(token, session, { mediaId: otherMedia }, clientRequest()), "NOT_FOUND");
    // The consent lapsed after the officer's approval, before the hourly sweep sent the post back.
    const expiresAt = consent.expiresAt;
    await db().consent.update({ where: { id: consent.id, orgId: org.org.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    try {
      const e = await expectAppError(decideClientApproval(token, session, { decision: "APPROVE" }, clientRequest()), "CONFLICT");
      expect(e.message).toMatch(/consent is missing/);
      expect(await stateOf(postId)).toBe("IN_REVIEW");
    } finally {
      // Never left lapsed but ACTIVE: every org's consent sweep (other test files) would act on it.
      await db().consent.update({ where: { id: consent.id, orgId: org.org.id }, data: { expiresAt } });
    }
  });
});

describe("policy, approvers and the on-demand link", () => {
  it("a client step never comes first, names client approvers only, and only the org's active ones", async () => {
    const step = { mode: "CLIENT", clientApproverIds: [approverId] };
    const first = await expectAppError(updateApprovalPolicy(org.ctx.ADMIN, { steps: [step] }), "VALIDATION");
    expect(JSON.stringify(first)).toMatch(/step 1 must be a step of your members or roles/);
    await expectAppError(updateApprovalPolicy(org.ctx.ADMIN, { steps: [{ mode: "ANY", roles: ["ADMIN"] }, { mode: "CLIENT", clientApproverIds: [] }] }), "VALIDATION");
    await expectAppError(updateApprovalPolicy(org.ctx.ADMIN, { steps: [{ mode: "ANY", roles: ["ADMIN"] }, { ...step, roles: ["ADMIN"] }] }), "VALIDATION");
    const other = await createOrgWithMembers();
    const foreign = await createClientApprover(other.ctx.ADMIN, { name: "Foreign Approver", email: "foreign@client.example" });
    await expectAppError(updateApprovalPolicy(org.ctx.ADMIN, { steps: [{ mode: "ANY", roles: ["ADMIN"] }, { mode: "CLIENT", clientApproverIds: [foreign.id] }] }), "VALIDATION");
  });

  it("admins and officers keep the approvers (one per address); consultants see addresses masked", async () => {
    await expectAppError(createClientApprover(org.ctx.CONSULTANT, { name: "Eve", email: "eve@client.example" }), "FORBIDDEN");
    const dup = await expectAppError(createClientApprover(org.ctx.COMPLIANCE_OFFICER, { name: "Dana Again", email: email.toUpperCase() }), "VALIDATION");
    expect(JSON.stringify(dup)).toMatch(/already exists/);
    const row = await db().clientApprover.findFirstOrThrow({ where: { id: approverId, orgId: org.org.id } });
    expect(row.emailCipher).not.toContain("client.example");
    expect((await listClientApprovers(org.ctx.ADMIN)).find((a) => a.id === approverId)?.email).toBe(email);
    expect((await listClientApprovers(org.ctx.CONSULTANT)).find((a) => a.id === approverId)?.email).toMatch(/^d•••@client\.example$/);
    await expectAppError(listClientApprovers(org.ctx.STAFF), "FORBIDDEN");
  });

  it("sends a new link only at the client step, to an approver it names; the earlier link stops working; a deactivated approver's link too", async () => {
    const post = await postInReview(org);
    const early = await expectAppError(sendToClientApprover(org.ctx.CONSULTANT, { postId: post.id, revision: 1, approverId }), "CONFLICT");
    expect(early.message).toMatch(/step 1/);
    await decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE" });
    const firstToken = await linkTokenFor(email);
    const unnamed = await createClientApprover(org.ctx.ADMIN, { name: "Not In Policy", email: `np-${Date.now()}@client.example` });
    await expectAppError(sendToClientApprover(org.ctx.CONSULTANT, { postId: post.id, revision: 1, approverId: unnamed.id }), "VALIDATION");
    await expectAppError(sendToClientApprover(org.ctx.STAFF, { postId: post.id, revision: 1, approverId }), "FORBIDDEN");
    await sendToClientApprover(org.ctx.CONSULTANT, { postId: post.id, revision: 1, approverId });
    const secondToken = await linkTokenFor(email);
    expect(secondToken).not.toBe(firstToken);
    const replaced = await expectAppError(openClientApproval(firstToken, null, clientRequest()), "GONE");
    expect(replaced.message).toMatch(/newer link/);
    expect((await openClientApproval(secondToken, null, clientRequest())).stage).toBe("code");
    await setClientApproverActive(org.ctx.ADMIN, { approverId, active: false });
    try {
      await expectAppError(openClientApproval(secondToken, null, clientRequest()), "GONE");
      await expectAppError(sendToClientApprover(org.ctx.CONSULTANT, { postId: post.id, revision: 1, approverId }), "VALIDATION");
    } finally {
      await setClientApproverActive(org.ctx.ADMIN, { approverId, active: true });
    }
  });
});

describe("misses on the public link", () => {
  it("unknown tokens and wrong codes count per IP like every public link's; over the budget the IP is refused before any lookup", async () => {
    const small = smallLimiter(3);
    try {
      const post = await postInReview(org);
      await decidePost(org.ctx.COMPLIANCE_OFFICER, { postId: post.id, revision: 1, decision: "APPROVE" });
      const token = await linkTokenFor(email);
      const request = clientRequest();
      // A link that works is never counted, however often it is opened.
      for (let i = 0; i < 4; i++) await openClientApproval(token, null, request, small.limiter);
      await expectAppError(openClientApproval("y".repeat(43), null, request, small.limiter), "NOT_FOUND");
      await expectAppError(decideClientApproval("../..", null, { decision: "APPROVE" }, request, small.limiter), "NOT_FOUND");
      const code = await codeFor(email);
      await expectAppError(verifyClientApprovalCode(token, { code: code === "999999" ? "888888" : "999999" }, request, small.limiter), "VALIDATION");
      // The fourth miss crosses the budget of three: 429 instead of 404, audited once (the IP only as a keyed hash).
      await expectAppError(openClientApproval("z".repeat(43), null, request, small.limiter), "RATE_LIMITED");
      // Now even the right code and the real link are refused from this IP, before any lookup.
      await expectAppError(verifyClientApprovalCode(token, { code }, request, small.limiter), "RATE_LIMITED");
      await expectAppError(openClientApproval(token, null, request, small.limiter), "RATE_LIMITED");
      const hits = await db().auditEvent.findMany({ where: { chainKey: "platform", orgId: null, action: LIMIT_AUDIT_ACTION, metadata: { path: ["subjectHash"], equals: limitSubjectHash("ip", request.ip!) } } });
      expect(hits).toHaveLength(1);
      // Another IP is not affected.
      expect((await verifyClientApprovalCode(token, { code }, clientRequest(), small.limiter)).session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    } finally {
      await small.close();
    }
  });
});
