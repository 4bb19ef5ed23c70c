import { consentEnv } from "@vetted/config";
import { db } from "@vetted/db";
import { vi } from "vitest";
import { recordAuditEvents, type AuditEventInput } from "../audit/record-audit-event";
import { connectTestAccount } from "../moderation/moderation-test-helpers";
import { approveTestVersion } from "../policy/ack-test-helpers";
import { createPost } from "../posts/create-post";
import type { TestOrg } from "../testing";

// The compliance report's integration fixture (only test files import this module): two months of an
// org's records in America/Chicago, October and November 2026, each dated where the test says. Audit
// events are written through the real chain with the app's clock set to their time (the hash covers
// it); the other records are written with their timestamps. EXPECTED holds what the report must say.

export const TZ = "America/Chicago";
const T = (iso: string) => new Date(iso);

/** November 2026 in Chicago is [Nov 1 05:00Z, Dec 1 06:00Z); October [Oct 1 05:00Z, Nov 1 05:00Z). */
export const EXPECTED = {
  november: {
    postsSubmitted: 6, postsApproved: 3, postsChangesRequested: 1, postsRejected: 1,
    scansCompleted: 4, scansBlocked: 1, blockedRatePercent: 25, findings: 5,
    // Waits of 48, 2, 10, 24 and 6 hours: median 10, p90 24 + 0.6 × (48 − 24).
    decisions: 5, turnaroundMedianHours: 10, turnaroundP90Hours: 38.4, overrides: 3,
    consentsNew: 3, consentsRevoked: 1, consentsExpired: 1, consentsExpiringNext30Days: 1,
    commentsHidden: 2, slaBreaches: 2, incidentsOpened: 1, incidentsClosed: 2, acknowledgementsSigned: 2,
  },
  october: {
    postsSubmitted: 2, postsApproved: 1, postsChangesRequested: 0, postsRejected: 0,
    scansCompleted: 2, scansBlocked: 1, blockedRatePercent: 50, findings: 1,
    decisions: 1, turnaroundMedianHours: 4, turnaroundP90Hours: 4, overrides: 0,
    consentsNew: 1, consentsRevoked: 1, consentsExpired: 0, consentsExpiringNext30Days: 1,
    commentsHidden: 1, slaBreaches: 1, incidentsOpened: 2, incidentsClosed: 0, acknowledgementsSigned: 1,
  },
  findingTypes: [
    { type: "DATE", count: 3, blocking: 0, previous: 0 },
    { type: "HEALTH_CONDITION", count: 1, blocking: 1, previous: 0 },
    { type: "PERSON_NAME", count: 1, blocking: 1, previous: 1 },
  ],
} as const;

/** Events of one chain, recorded with the app's clock at `at`. */
async function auditAt(at: Date, events: AuditEventInput[]) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(at);
  try {
    await db().$transaction((tx) => recordAuditEvents(tx, events));
  } finally {
    vi.useRealTimers();
  }
}

export async function seedReportFixture(o: TestOrg, marker: string) {
  const orgId = o.org.id;
  const officer = o.users.COMPLIANCE_OFFICER.id;
  const post = async (title: string) => createPost(o.ctx.CONSULTANT, { title, text: "Our flu shot clinic is open Saturday.", channels: ["FACEBOOK"] });
  const [p0, px, p1, p2, p3, p4, p5] = await Promise.all([post(`${marker} P0`), post(`${marker} Px`), post(`${marker} P1`), post(`${marker} P2`), post(`${marker} P3`), post(`${marker} P4`), post(`${marker} P5`)]);
  const submit = (p: { post: { id: string } }): AuditEventInput => ({ orgId, actorId: o.users.CONSULTANT.id, action: "post.submitted", targetType: "Post", targetId: p.post.id, metadata: { revision: 1, from: "DRAFT", to: "SCANNING" } });
  const decide = (p: { post: { id: string } }, action: string, to: string): AuditEventInput => ({ orgId, actorId: officer, action, targetType: "Post", targetId: p.post.id, metadata: { revision: 1, step: 1, from: "IN_REVIEW", to } });
  const timeline: [string, AuditEventInput][] = [
    ["2026-10-10T15:00:00Z", submit(p0)], ["2026-10-10T19:00:00Z", decide(p0, "post.approve", "APPROVED")],
    ["2026-10-31T20:00:00Z", submit(px)],
    ["2026-11-01T05:00:00Z", submit(p5)], // the first instant of November in Chicago
    ["2026-11-02T20:00:00Z", decide(px, "post.approve", "SCHEDULED")],
    ["2026-11-03T15:00:00Z", submit(p1)], ["2026-11-03T17:00:00Z", decide(p1, "post.request_changes", "CHANGES_REQUESTED")],
    ["2026-11-05T15:00:00Z", submit(p1)], ["2026-11-05T20:00:00Z", decide(p1, "post.approve", "IN_REVIEW")], // step 1 of 2: not final
    ["2026-11-06T01:00:00Z", { orgId, actorId: null, actorLabel: "Dana Whitfield (client approver)", action: "client_approval.decided", targetType: "Post", targetId: p1.post.id, metadata: { decision: "APPROVE", step: 2, from: "IN_REVIEW", to: "APPROVED" } }],
    ["2026-11-10T15:00:00Z", submit(p2)], ["2026-11-11T15:00:00Z", decide(p2, "post.reject", "REJECTED")],
    ["2026-11-12T15:00:00Z", submit(p3)], ["2026-11-12T21:00:00Z", decide(p3, "post.approve", "APPROVED")],
    ["2026-11-20T15:00:00Z", submit(p4)],
    ["2026-12-01T06:00:00Z", decide(p4, "post.reject", "REJECTED")], // the first instant of December: not November's
  ];
  for (const [at, event] of timeline) await auditAt(T(at), [event]);

  // Scans: what each revision's finished scan said (a failed one does not count).
  const scan = (p: { post: { id: string }; revision: { id: string } }, finishedAt: string, verdict: string, status: "SUCCEEDED" | "FAILED" = "SUCCEEDED") =>
    db().scanJob.create({ data: { orgId, postId: p.post.id, revisionId: p.revision.id, status, verdict, finishedAt: T(finishedAt), createdAt: T(finishedAt) } });
  await Promise.all([
    scan(p0, "2026-10-10T15:05:00Z", "allow"), scan(px, "2026-10-31T20:05:00Z", "block"), scan(p1, "2026-11-03T15:05:00Z", "allow"),
    scan(p2, "2026-11-10T15:05:00Z", "review"), scan(p3, "2026-11-12T15:05:00Z", "block"), scan(p4, "2026-11-20T15:05:00Z", "review"),
    scan(p5, "2026-11-01T06:00:00Z", "block", "FAILED"),
  ]);
  const finding = (p: { post: { id: string }; revision: { id: string } }, type: string, blocking: boolean) =>
    db().finding.create({ data: { orgId, postId: p.post.id, revisionId: p.revision.id, source: "TEXT", type, start: 0, end: 1, text: "x", score: 0.9, recognizer: "fixture", explanation: "fixture", blocking } });
  const [fName, fHealth, , , , fOld] = await Promise.all([
    finding(p3, "PERSON_NAME", true), finding(p3, "HEALTH_CONDITION", true), finding(p3, "DATE", false),
    finding(p4, "DATE", false), finding(p4, "DATE", false), finding(px, "PERSON_NAME", true), finding(p5, "MRN", true),
  ]);

  // Overrides: two on P3's approval, one on Px's, whose approval was voided later.
  const approval = (p: { post: { id: string }; revision: { id: string } }, at: string, voidedAt?: string) =>
    db().approval.create({ data: { orgId, postId: p.post.id, revisionId: p.revision.id, step: 0, approverId: officer, decision: "APPROVE", createdAt: T(at), ...(voidedAt ? { voidedAt: T(voidedAt), voidReason: "post edited" } : {}) } });
  const [a3, ax] = await Promise.all([approval(p3, "2026-11-12T21:00:00Z"), approval(px, "2026-11-02T20:00:00Z", "2026-11-03T10:00:00Z")]);
  await db().findingOverride.createMany({
    data: [
      { orgId, approvalId: ax.id, findingId: fOld!.id, reasonCode: "OTHER", justification: `${marker} earlier wording, approved then withdrawn`, createdAt: T("2026-11-02T20:00:00Z") },
      { orgId, approvalId: a3.id, findingId: fName.id, reasonCode: "NOT_PHI_IN_CONTEXT", justification: `${marker} "Dana" is our staff nurse, not a patient, per HR`, createdAt: T("2026-11-12T21:00:00Z") },
      { orgId, approvalId: a3.id, findingId: fHealth.id, reasonCode: "OTHER", justification: `=1+1 ${marker} general wellness wording, no patient`, createdAt: T("2026-11-12T21:00:01Z") },
    ],
  });

  await seedConsents(o);
  await seedComments(o);
  await seedAcknowledgements(o);
  return { posts: { p0, px, p1, p2, p3, p4, p5 } };
}

async function seedConsents(o: TestOrg) {
  const orgId = o.org.id;
  const consent = (createdAt: string, expiresAt: string, extra: Record<string, unknown> = {}) =>
    db().consent.create({
      data: {
        orgId, subjectNameCipher: "placeholder", keyId: consentEnv().activeKeyId, nameIndex: "0".repeat(64), descriptionCipher: "placeholder",
        discloser: "Fixture clinic", recipients: ["Agency"], channels: ["FACEBOOK"], purposes: ["SOCIAL_MEDIA_MARKETING"], expiresAt: T(expiresAt),
        signerNameCipher: "placeholder", signedAt: T(createdAt), ackRightToRevoke: true, ackNoConditioning: true, ackRedisclosure: true,
        fileKey: `${orgId}/consents/fixture-${createdAt}`, fileMime: "application/pdf", fileSha256: "0".repeat(64), fileBytes: 100, uploadedById: o.users.STAFF.id,
        createdAt: T(createdAt), ...extra,
      },
    });
  const revoked = (at: string) => ({ status: "REVOKED", revokedAt: T(at), revocationMethod: "LETTER", revokedById: o.users.ADMIN.id });
  await Promise.all([
    consent("2026-10-15T15:00:00Z", "2026-11-20T06:00:00Z", { status: "EXPIRED", expiredAt: T("2026-11-20T06:00:00Z") }),
    consent("2026-11-03T15:00:00Z", "2026-12-15T06:00:00Z"),
    consent("2026-11-05T15:00:00Z", "2027-06-01T05:00:00Z", revoked("2026-11-25T15:00:00Z")),
    consent("2026-11-08T15:00:00Z", "2027-06-01T05:00:00Z"),
    consent("2026-09-20T15:00:00Z", "2027-06-01T05:00:00Z", revoked("2026-10-20T15:00:00Z")),
  ]);
}

async function seedComments(o: TestOrg) {
  const orgId = o.org.id;
  const account = await connectTestAccount(orgId, o.users.ADMIN.id);
  const comment = (n: string, fields: Record<string, Date>) =>
    db().socialComment.create({ data: { orgId, accountId: account.id, platform: "FACEBOOK", externalId: `${account.externalId}_${n}`, lastEventAt: T("2026-10-01T00:00:00Z"), ...fields } });
  const [s1, s2, s3, s4] = await Promise.all([
    comment("1", { responseDueAt: T("2026-11-04T12:00:00Z"), slaBreachedAt: T("2026-11-04T12:01:00Z") }),
    comment("2", { responseDueAt: T("2026-11-09T12:00:00Z"), firstRespondedAt: T("2026-11-09T13:00:00Z") }),
    comment("3", { responseDueAt: T("2026-11-15T12:00:00Z"), firstRespondedAt: T("2026-11-15T10:00:00Z") }),
    comment("4", { responseDueAt: T("2026-10-20T12:00:00Z"), slaBreachedAt: T("2026-10-20T12:01:00Z") }),
  ]);
  const action = (c: { id: string }, kind: "HIDE" | "UNHIDE", status: "SENT" | "FAILED", at: string) =>
    db().moderationAction.create({ data: { orgId, commentId: c.id, accountId: account.id, kind, status, createdAt: T(at), ...(status === "SENT" ? { sentAt: T(at) } : { failedAt: T(at) }) } });
  await Promise.all([
    action(s1, "HIDE", "SENT", "2026-11-04T10:00:00Z"), action(s2, "HIDE", "SENT", "2026-11-09T10:00:00Z"), action(s3, "HIDE", "FAILED", "2026-11-10T10:00:00Z"),
    action(s4, "HIDE", "SENT", "2026-10-20T10:00:00Z"), action(s1, "UNHIDE", "SENT", "2026-11-11T10:00:00Z"),
  ]);
  const incident = (c: { id: string }, createdAt: string, closedAt?: string) =>
    db().incident.create({
      data: {
        orgId, commentId: c.id, discoveredAt: T(createdAt), deadlineAt: new Date(T(createdAt).getTime() + 1440 * 3_600_000), createdAt: T(createdAt), openedById: o.users.COMPLIANCE_OFFICER.id,
        ...(closedAt ? { status: "CLOSED", assessedAt: T(closedAt), assessedById: o.users.COMPLIANCE_OFFICER.id, conclusion: "LOW_PROBABILITY", closedAt: T(closedAt), closedById: o.users.COMPLIANCE_OFFICER.id, outcome: "NOT_REQUIRED" } : {}),
      },
    });
  await Promise.all([incident(s1, "2026-11-08T15:00:00Z", "2026-11-25T15:00:00Z"), incident(s4, "2026-10-21T15:00:00Z"), incident(s2, "2026-10-25T15:00:00Z", "2026-11-03T15:00:00Z")]);
}

/** A policy version in effect since October; two members sign in November, one in October. */
async function seedAcknowledgements(o: TestOrg) {
  await approveTestVersion(o, { effectiveAt: T("2026-10-01T05:00:00Z") });
  const acks = await db().policyAcknowledgement.findMany({ where: { orgId: o.org.id }, orderBy: { id: "asc" } });
  const sign = (a: { id: string }, at: string) =>
    db().policyAcknowledgement.update({ where: { id: a.id, orgId: o.org.id }, data: { signedAt: T(at), signedName: "Fixture Signer", signatureMethod: "IN_APP" } });
  await Promise.all([sign(acks[0]!, "2026-11-02T15:00:00Z"), sign(acks[1]!, "2026-11-28T15:00:00Z"), sign(acks[2]!, "2026-10-15T15:00:00Z")]);
  return acks.length;
}
