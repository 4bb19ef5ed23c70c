import { randomUUID } from "node:crypto";
import { consentEnv } from "@vetted/config";
import { db } from "@vetted/db";
import { createInvitation } from "@vetted/db/testing";
import { createConsentRequest, createPost, getGroupIntakeAddress, getPolicyManual, reportGroupPost, saveQuizQuestion, sealConnectToken, sealModerationField, writeAuditCheckpoint } from "@vetted/domain";
import { createClientApprover } from "@vetted/domain/client-approvals";
import { connectTestAccount, createOrgWithMembers, type TestOrg } from "@vetted/domain/testing";

// Every route handler and server action of the app, with the org A ids each one is called with.
// route-matrix.int.test.ts checks this table against the app's file tree.

export interface Fixture {
  a: TestOrg;
  b: TestOrg;
  invitationId: string;
  postId: string;
  findingId: string;
  mediaId: string;
  consentRequestId: string;
  consentId: string;
  personId: string;
  removalTaskId: string;
  revisionId: string;
  feedbackId: string;
  accountId: string;
  connectStateId: string;
  commentId: string;
  templateId: string;
  groupReportId: string;
  incidentId: string;
  intakeAddress: string;
  /** Org A's policy manual draft (issue 13) and a quiz question. */
  policyVersionId: string;
  quizQuestionId: string;
  /** A person on org A's workforce roster without an account (issue 13). */
  workforcePersonId: string;
  /** A coaching assignment of an org A member (issue 13). */
  coachingAssignmentId: string;
  /** Seq of org A's audit checkpoint (issue 15). */
  checkpointSeq: number;
  /** A client approver of org A (issue 16). */
  clientApproverId: string;
}

/** Two orgs with one member per role, and in org A one record of every kind the routes address. */
export async function buildFixture(): Promise<Fixture> {
  const [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
  const invitation = await createInvitation(a.org.id, a.users.ADMIN.id);
  const { post, revision } = await createPost(a.ctx.CONSULTANT, { title: "Matrix post", text: "A clinic open house on Saturday.", channels: ["FACEBOOK"] });
  const finding = await db().finding.create({
    data: { orgId: a.org.id, postId: post.id, revisionId: revision.id, source: "TEXT", type: "NAME", start: 0, end: 1, text: "A", score: 0.5, recognizer: "test", explanation: "fixture" },
  });
  // A bare Media row (no file): every media route must answer 404 for org B before touching storage.
  const mediaId = randomUUID();
  await db().media.create({
    data: { id: mediaId, orgId: a.org.id, storageKey: `${a.org.id}/${mediaId}/display`, originalKey: `${a.org.id}/${mediaId}/original`, mime: "image/png", width: 10, height: 10, bytes: 100, sha256: "0".repeat(64), createdById: a.users.CONSULTANT.id },
  });
  // Likewise a bare Consent row (placeholder ciphertexts, no file): org B must get 404 before any
  // decryption or storage read (either would fail here, as a 500).
  const consentId = randomUUID();
  await db().consent.create({
    data: {
      id: consentId, orgId: a.org.id, subjectNameCipher: "placeholder", keyId: consentEnv().activeKeyId, nameIndex: "0".repeat(64), descriptionCipher: "placeholder",
      discloser: "Matrix clinic", recipients: ["Agency"], channels: ["FACEBOOK"], purposes: ["SOCIAL_MEDIA_MARKETING"], expiresAt: new Date(Date.now() + 86_400_000 * 365),
      signerNameCipher: "placeholder", signedAt: new Date(), ackRightToRevoke: true, ackNoConditioning: true, ackRedisclosure: true,
      fileKey: `${a.org.id}/consents/${consentId}`, fileMime: "application/pdf", fileSha256: "0".repeat(64), fileBytes: 100, uploadedById: a.users.STAFF.id,
    },
  });
  // Someone marked as shown in the image, and a removal task for the post.
  const person = await db().mediaPerson.create({ data: { orgId: a.org.id, mediaId, kind: "STAFF", attestedById: a.users.CONSULTANT.id, attestedAt: new Date(), createdById: a.users.CONSULTANT.id } });
  const task = await db().removalTask.create({
    data: { orgId: a.org.id, postId: post.id, consentId, reason: "REVOKED", assigneeId: a.users.CONSULTANT.id, checklist: [{ id: "files", label: "Delete the files", doneAt: null, doneById: null }] },
  });
  // A signing request (issue 6, sign in-app) of org A: org B may neither cancel it nor create one in org A.
  const { request: consentRequest } = await createConsentRequest(a.ctx.STAFF, {
    subjectName: "Matrix Patient", informationDescription: "Matrix photos", discloser: "Matrix clinic", recipients: ["Agency"],
    channels: ["FACEBOOK"], purposes: ["SOCIAL_MEDIA_MARKETING"], expiresAt: new Date(Date.now() + 86_400_000 * 365).toISOString().slice(0, 10),
  });
  // An officer's scanner label on the post (issue 11, item 7): org B may neither withdraw nor add one.
  const feedback = await db().scannerFeedback.create({
    data: { orgId: a.org.id, postId: post.id, revisionId: revision.id, kind: "MISSED_PHI", source: "TEXT", start: 2, end: 8, type: "NAME", createdById: a.users.COMPLIANCE_OFFICER.id },
  });
  // A connected account and a pending Page pick of org A's admin (issue 12): org B may neither disconnect nor complete them.
  const account = await connectTestAccount(a.org.id, a.users.ADMIN.id);
  const connectStateId = randomUUID();
  const connectState = await db().accountConnectState.create({
    data: { id: connectStateId, orgId: a.org.id, userId: a.users.ADMIN.id, platform: "FACEBOOK", stateHash: (randomUUID() + randomUUID()).replace(/-/g, ""), expiresAt: new Date(Date.now() + 600_000), consumedAt: new Date(), userTokenCipher: sealConnectToken("a user token", a.org.id, connectStateId), pickExpiresAt: new Date(Date.now() + 600_000) },
  });
  // A comment under org A's page and a reply template (issue 12, the inbox): org B may neither read nor act on them.
  const commentId = randomUUID();
  await db().socialComment.create({
    data: {
      id: commentId, orgId: a.org.id, accountId: account.id, platform: "FACEBOOK", externalId: `${account.externalId}_1_matrix`, lastEventAt: new Date(),
      textCipher: sealModerationField("A matrix comment about the open house", "social-comment", a.org.id, commentId, "text"), textSha256: "0".repeat(64), verdict: "allow",
    },
  });
  const template = await db().replyTemplate.create({ data: { orgId: a.org.id, name: "Matrix template", body: "Please call us.", createdById: a.users.ADMIN.id, updatedById: a.users.ADMIN.id } });
  // A reported employee-group post the scanner blocks, and so its incident (issue 12): org B may neither read nor act on them.
  const { report } = await reportGroupPost(a.ctx.STAFF, {
    groupName: "Matrix group", channel: "PRIVATE_GROUP", authorUserId: a.users.CONSULTANT.id, text: "Matrix patient Wilma Quast in room 12 was diagnosed with leukemia today.",
  });
  const { address: intakeAddress } = await getGroupIntakeAddress(a.ctx.STAFF);
  if (!report.incidentId || !intakeAddress) throw new Error("The matrix group report should have opened an incident, and the intake should be on in tests");
  // Org A's policy manual (issue 13): its first draft and a quiz question; org B may neither read nor change them.
  const manual = await getPolicyManual(a.ctx.ADMIN);
  if (!manual.open) throw new Error("Opening the manual should have started a draft");
  const { questionId: quizQuestionId } = await saveQuizQuestion(a.ctx.ADMIN, { prompt: "Matrix question?", choices: ["Yes", "No"], correctIndex: 1 });
  // Someone on org A's roster (issue 13): org B may neither mail them a link nor take them off it.
  const workforcePerson = await db().workforcePerson.create({ data: { orgId: a.org.id, name: "Matrix Worker", email: `matrix-${randomUUID()}@example.org`, department: "Front desk", source: "CSV" } });
  // A coaching task of an org A member (issue 13), written directly: org B may neither open nor answer it.
  const coaching = await db().coachingAssignment.create({
    data: { orgId: a.org.id, userId: a.users.STAFF.id, trigger: "INCIDENT", triggerId: report.incidentId, versionId: manual.open.id, sectionKey: "engagement", questionId: quizQuestionId, findingTypes: ["NAME"] },
  });
  // A signed checkpoint of org A's chain (issue 15): org B may not download it.
  const checkpoint = await writeAuditCheckpoint(a.org.id, { reason: "manual" });
  // A client approver of org A (issue 16): org B may neither deactivate them nor send them a post.
  const clientApprover = await createClientApprover(a.ctx.ADMIN, { name: "Matrix Client", email: `matrix-client-${randomUUID()}@example.org` });
  return {
    a, b, invitationId: invitation.id, postId: post.id, findingId: finding.id, consentRequestId: consentRequest.id, mediaId, consentId, personId: person.id, removalTaskId: task.id,
    revisionId: revision.id, feedbackId: feedback.id, accountId: account.id, connectStateId: connectState.id, commentId, templateId: template.id,
    groupReportId: report.id, incidentId: report.incidentId, intakeAddress, policyVersionId: manual.open.id, quizQuestionId,
    workforcePersonId: workforcePerson.id, coachingAssignmentId: coaching.id, checkpointSeq: checkpoint.checkpoint!.seq, clientApproverId: clientApprover.id,
  };
}
export type RouteEntry = { params: (f: Fixture) => Record<string, string>; body?: (f: Fixture) => unknown; query?: string };
export type ActionEntry = { form: (f: Fixture) => Record<string, string> };

const slugOf = (f: Fixture) => ({ orgSlug: f.a.org.slug });
const postOf = (f: Fixture) => ({ orgSlug: f.a.org.slug, postId: f.postId });
const mediaOf = (f: Fixture) => ({ orgSlug: f.a.org.slug, mediaId: f.mediaId });
const consentOf = (f: Fixture) => ({ orgSlug: f.a.org.slug, consentId: f.consentId });
export const ROUTES: Record<string, RouteEntry> = {
  "api/orgs/[orgSlug]/route.ts GET": { params: slugOf },
  "api/orgs/[orgSlug]/route.ts PATCH": { params: slugOf, body: () => ({ name: "Hijacked", idleTimeoutMinutes: 60 }) },
  "api/orgs/[orgSlug]/audit/route.ts GET": { params: slugOf },
  "api/orgs/[orgSlug]/audit/export/route.ts GET": { params: slugOf },
  "api/orgs/[orgSlug]/audit/verify/route.ts POST": { params: slugOf },
  "api/orgs/[orgSlug]/audit/checkpoints/route.ts POST": { params: slugOf },
  // Org A's checkpoint at event 1 (written by buildFixture): org B must never get it.
  "api/orgs/[orgSlug]/audit/checkpoints/[seq]/route.ts GET": { params: (f) => ({ orgSlug: f.a.org.slug, seq: String(f.checkpointSeq) }) },
  "api/orgs/[orgSlug]/members/route.ts GET": { params: slugOf },
  "api/orgs/[orgSlug]/members/[memberId]/route.ts PATCH": { params: (f) => ({ orgSlug: f.a.org.slug, memberId: f.a.members.STAFF.id }), body: () => ({ role: "ADMIN" }) },
  "api/orgs/[orgSlug]/members/[memberId]/route.ts DELETE": { params: (f) => ({ orgSlug: f.a.org.slug, memberId: f.a.members.STAFF.id }) },
  "api/orgs/[orgSlug]/invitations/route.ts GET": { params: slugOf },
  "api/orgs/[orgSlug]/invitations/route.ts POST": { params: slugOf, body: () => ({ email: "intruder@example.org", role: "ADMIN" }) },
  "api/orgs/[orgSlug]/invitations/[invitationId]/route.ts DELETE": { params: (f) => ({ orgSlug: f.a.org.slug, invitationId: f.invitationId }) },
  "api/orgs/[orgSlug]/posts/route.ts GET": { params: slugOf },
  "api/orgs/[orgSlug]/posts/route.ts POST": { params: slugOf, body: () => ({ title: "Intruder", text: "Hello", channels: ["FACEBOOK"] }) },
  "api/orgs/[orgSlug]/posts/[postId]/route.ts GET": { params: postOf },
  "api/orgs/[orgSlug]/posts/[postId]/route.ts PATCH": { params: postOf, body: () => ({ revision: 1, text: "Changed by an intruder" }) },
  "api/orgs/[orgSlug]/posts/[postId]/submit/route.ts POST": { params: postOf, body: () => ({ revision: 1 }) },
  "api/orgs/[orgSlug]/posts/[postId]/schedule/route.ts POST": { params: postOf, body: () => ({ revision: 1, scheduledAt: new Date(Date.now() + 86_400_000).toISOString() }) },
  "api/orgs/[orgSlug]/posts/[postId]/decision/route.ts POST": { params: postOf, body: () => ({ revision: 1, decision: "REJECT", comment: "no" }) },
  "api/orgs/[orgSlug]/posts/[postId]/comments/route.ts POST": { params: postOf, body: () => ({ body: "intruder comment" }) },
  "api/orgs/[orgSlug]/findings/[findingId]/dismiss/route.ts POST": { params: (f) => ({ orgSlug: f.a.org.slug, findingId: f.findingId }), body: () => ({ reasonCode: "OTHER", reason: "dismissed by an intruder" }) },
  "api/orgs/[orgSlug]/scan-preview/route.ts POST": { params: slugOf, body: () => ({ text: "My sister Dana had her surgery here" }) },
  "api/orgs/[orgSlug]/approval-policy/route.ts GET": { params: slugOf },
  "api/orgs/[orgSlug]/approval-policy/route.ts PUT": { params: slugOf, body: () => ({ steps: [{ mode: "ANY", roles: ["STAFF"] }] }) },
  // Multipart, not JSON: no `body` here (the JSON checks do not apply); media-routes.int.test.ts covers its bad input.
  "api/orgs/[orgSlug]/media/route.ts POST": { params: slugOf },
  "api/orgs/[orgSlug]/media/[mediaId]/route.ts GET": { params: mediaOf, query: "?variant=original" },
  "api/orgs/[orgSlug]/media/[mediaId]/redact/route.ts POST": { params: mediaOf, body: () => ({ boxes: [[0, 0, 5, 5]], mode: "fill" }) },
  "api/orgs/[orgSlug]/consents/route.ts GET": { params: slugOf, query: "?status=ACTIVE&expiringSoon=1" },
  // Multipart like media: consent-routes.int.test.ts covers its bad input.
  "api/orgs/[orgSlug]/consents/route.ts POST": { params: slugOf },
  "api/orgs/[orgSlug]/consents/search/route.ts POST": { params: slugOf, body: () => ({ name: "Any Patient", status: "ACTIVE" }) },
  "api/orgs/[orgSlug]/consents/[consentId]/route.ts GET": { params: consentOf },
  "api/orgs/[orgSlug]/consents/[consentId]/file/route.ts GET": { params: consentOf, query: "?download=1" },
  "api/orgs/[orgSlug]/consents/[consentId]/verify/route.ts POST": { params: consentOf },
  "api/orgs/[orgSlug]/consents/[consentId]/revoke/route.ts POST": { params: consentOf, body: () => ({ receivedAt: new Date().toISOString(), method: "LETTER" }) },
  "api/orgs/[orgSlug]/scanner-feedback/route.ts POST": { params: slugOf, body: (f) => ({ kind: "NOT_PHI", findingId: f.findingId }) },
  "api/orgs/[orgSlug]/scanner-feedback/[feedbackId]/withdraw/route.ts POST": { params: (f) => ({ orgSlug: f.a.org.slug, feedbackId: f.feedbackId }) },
  "api/orgs/[orgSlug]/scanner-feedback/export/route.ts GET": { params: slugOf },
  // Employee groups (issue 12): the report form posts multipart (no `body`: the JSON checks do not apply); the screenshot names org A's report.
  "api/orgs/[orgSlug]/group-reports/route.ts POST": { params: slugOf },
  "api/orgs/[orgSlug]/group-reports/[reportId]/screenshot/route.ts GET": { params: (f) => ({ orgSlug: f.a.org.slug, reportId: f.groupReportId }) },
  // The policy manual (issue 13): any version as a PDF.
  "api/orgs/[orgSlug]/policy/versions/[versionId]/pdf/route.ts GET": { params: (f) => ({ orgSlug: f.a.org.slug, versionId: f.policyVersionId }) },
  // Workforce roster and acknowledgements (issue 13): the roster CSV is multipart (no `body`); the coverage CSV; a member's reading time.
  "api/orgs/[orgSlug]/policy/roster/import/route.ts POST": { params: slugOf, query: "?preview=1" },
  "api/orgs/[orgSlug]/policy/coverage/export/route.ts GET": { params: slugOf },
  // Training reports and the evidence pack (issue 13): files of org A's people and records.
  "api/orgs/[orgSlug]/policy/reports/[report]/route.ts GET": { params: (f) => ({ orgSlug: f.a.org.slug, report: "history" }), query: "?format=csv" },
  "api/orgs/[orgSlug]/policy/evidence-pack/route.ts GET": { params: slugOf, query: "?from=2026-01-01&to=2026-12-31" },
  "api/orgs/[orgSlug]/policy/acknowledge/reading-time/route.ts POST": { params: slugOf, body: () => ({ seconds: 30 }) },
  // The compliance report (issue 16): org A's figures and override justifications as files.
  "api/orgs/[orgSlug]/reports/[period]/pdf/route.ts GET": { params: (f) => ({ orgSlug: f.a.org.slug, period: "2026-11" }) },
  "api/orgs/[orgSlug]/reports/[period]/csv/route.ts GET": { params: (f) => ({ orgSlug: f.a.org.slug, period: "2026-Q4" }) },
};
export const ACTIONS: Record<string, ActionEntry> = {
  "orgs/[orgSlug]/members/actions.ts inviteMemberAction": { form: () => ({ email: "intruder@example.org", role: "ADMIN" }) },
  "orgs/[orgSlug]/members/actions.ts changeMemberRoleAction": { form: (f) => ({ memberId: f.a.members.STAFF.id, role: "ADMIN" }) },
  "orgs/[orgSlug]/members/actions.ts removeMemberAction": { form: (f) => ({ memberId: f.a.members.STAFF.id }) },
  "orgs/[orgSlug]/members/actions.ts revokeInvitationAction": { form: (f) => ({ invitationId: f.invitationId }) },
  "orgs/[orgSlug]/audit/actions.ts verifyChainAction": { form: () => ({}) },
  "orgs/[orgSlug]/audit/actions.ts checkpointAction": { form: () => ({}) },
  "orgs/[orgSlug]/settings/actions.ts updateSettingsAction": { form: () => ({ name: "Hijacked", idleTimeoutMinutes: "60" }) },
  "orgs/[orgSlug]/settings/actions.ts updateApprovalPolicyAction": { form: () => ({ stepCount: "1", "steps.0.mode": "ANY", "steps.0.roles": "STAFF" }) },
  "orgs/[orgSlug]/posts/actions.ts savePostAction": { form: (f) => ({ postId: f.postId, revision: "1", text: "Changed by an intruder" }) },
  "orgs/[orgSlug]/posts/actions.ts submitPostAction": { form: (f) => ({ postId: f.postId, revision: "1" }) },
  "orgs/[orgSlug]/posts/actions.ts requestOverrideAction": { form: (f) => ({ findingId: f.findingId, reason: "An intruder asks for an override of this finding" }) },
  "orgs/[orgSlug]/posts/actions.ts schedulePostAction": { form: (f) => ({ postId: f.postId, revision: "1", scheduledAtIso: new Date(Date.now() + 86_400_000).toISOString() }) },
  "orgs/[orgSlug]/posts/actions.ts decidePostAction": { form: (f) => ({ postId: f.postId, revision: "1", decision: "REJECT", comment: "no" }) },
  "orgs/[orgSlug]/posts/actions.ts addCommentAction": { form: (f) => ({ postId: f.postId, body: "intruder comment" }) },
  "orgs/[orgSlug]/posts/actions.ts dismissFindingAction": { form: (f) => ({ findingId: f.findingId, reasonCode: "OTHER", reason: "dismissed by an intruder" }) },
  "orgs/[orgSlug]/consents/requests/actions.ts createConsentRequestAction": {
    form: () => ({ subjectName: "Intruder Patient", informationDescription: "Photos", discloser: "Intruder", recipients: "Intruder", channels: "FACEBOOK", purposes: "SOCIAL_MEDIA_MARKETING", expiresAt: "2099-01-01" }),
  },
  "orgs/[orgSlug]/consents/requests/actions.ts cancelConsentRequestAction": { form: (f) => ({ requestId: f.consentRequestId }) },
  "orgs/[orgSlug]/posts/people-actions.ts findConsentsAction": { form: (f) => ({ postId: f.postId, name: "Any Patient" }) },
  "orgs/[orgSlug]/posts/people-actions.ts linkPersonAction": { form: (f) => ({ kind: "STAFF", postId: f.postId, mediaId: f.mediaId, attest: "on" }) },
  "orgs/[orgSlug]/posts/people-actions.ts unlinkPersonAction": { form: (f) => ({ postId: f.postId, personId: f.personId }) },
  "orgs/[orgSlug]/posts/people-actions.ts completeRemovalTaskAction": { form: (f) => ({ taskId: f.removalTaskId, done: "files" }) },
  "orgs/[orgSlug]/consents/actions.ts searchConsentsAction": { form: () => ({ name: "Any Patient", status: "ACTIVE" }) },
  "orgs/[orgSlug]/consents/actions.ts verifyConsentAction": { form: (f) => ({ consentId: f.consentId }) },
  "orgs/[orgSlug]/consents/actions.ts revokeConsentAction": { form: (f) => ({ consentId: f.consentId, receivedAt: new Date().toISOString().slice(0, 10), method: "LETTER" }) },
  "orgs/[orgSlug]/posts/feedback-actions.ts recordScannerFeedbackAction": { form: (f) => ({ kind: "MISSED_PHI", revisionId: f.revisionId, start: "0", end: "1", type: "NAME" }) },
  "orgs/[orgSlug]/posts/feedback-actions.ts withdrawScannerFeedbackAction": { form: (f) => ({ feedbackId: f.feedbackId }) },
  // Connected accounts (issue 12): connecting starts an OAuth round trip; the pick and the disconnect name org A's rows.
  "orgs/[orgSlug]/settings/accounts/actions.ts startAccountConnectAction": { form: () => ({ platform: "FACEBOOK" }) },
  "orgs/[orgSlug]/settings/accounts/actions.ts connectPagesAction": { form: (f) => ({ connectId: f.connectStateId, pageIds: "200000000000001" }) },
  "orgs/[orgSlug]/settings/accounts/actions.ts disconnectAccountAction": { form: (f) => ({ accountId: f.accountId }) },
  // The comment inbox (issue 12): every action names org A's comment or template.
  "orgs/[orgSlug]/inbox/actions.ts decideCommentAction": { form: (f) => ({ commentId: f.commentId, action: "hide" }) },
  "orgs/[orgSlug]/inbox/actions.ts privateReplyAction": { form: (f) => ({ commentId: f.commentId, text: "An intruder's private reply" }) },
  "orgs/[orgSlug]/inbox/actions.ts publicReplyAction": { form: (f) => ({ commentId: f.commentId, text: "Thanks for the kind words!" }) },
  "orgs/[orgSlug]/inbox/actions.ts saveReplyTemplateAction": { form: (f) => ({ templateId: f.templateId, name: "Hijacked", body: "Changed by an intruder" }) },
  "orgs/[orgSlug]/inbox/actions.ts deleteReplyTemplateAction": { form: (f) => ({ templateId: f.templateId }) },
  "orgs/[orgSlug]/inbox/actions.ts openCommentIncidentAction": { form: (f) => ({ commentId: f.commentId, employeeName: "An intruder's staff member" }) },
  // Employee groups and incidents (issue 12): every action names org A's report or incident.
  "orgs/[orgSlug]/groups/actions.ts resolveGroupReportAction": { form: (f) => ({ reportId: f.groupReportId }) },
  "orgs/[orgSlug]/groups/actions.ts rotateIntakeAddressAction": { form: () => ({}) },
  "orgs/[orgSlug]/groups/actions.ts sendCoachingNoteAction": { form: (f) => ({ reportId: f.groupReportId, employeeId: f.a.users.CONSULTANT.id, text: "An intruder's coaching note" }) },
  "orgs/[orgSlug]/groups/actions.ts openIncidentAction": { form: (f) => ({ reportId: f.groupReportId }) },
  "orgs/[orgSlug]/incidents/actions.ts saveIncidentAction": { form: (f) => ({ incidentId: f.incidentId, natureChecked: "on", natureNotes: "Changed by an intruder", intent: "save" }) },
  "orgs/[orgSlug]/incidents/actions.ts closeIncidentAction": { form: (f) => ({ incidentId: f.incidentId, outcome: "NOT_REQUIRED" }) },
  // The policy manual (issue 13): every action names org A's draft or question, or changes org A's manual.
  "orgs/[orgSlug]/policy/actions.ts updateDraftAction": { form: (f) => ({ versionId: f.policyVersionId, "sections.sanctions.body": "Changed by an intruder", material: "on" }) },
  "orgs/[orgSlug]/policy/actions.ts submitVersionAction": { form: (f) => ({ versionId: f.policyVersionId }) },
  "orgs/[orgSlug]/policy/actions.ts approveVersionAction": { form: (f) => ({ versionId: f.policyVersionId, effectiveAt: "" }) },
  "orgs/[orgSlug]/policy/actions.ts returnVersionAction": { form: (f) => ({ versionId: f.policyVersionId, reason: "An intruder returns it" }) },
  "orgs/[orgSlug]/policy/actions.ts updateManualSettingsAction": { form: () => ({ quizPassPercent: "10", ackCadenceDays: "30", ackDueDays: "5", ackDepartments: "Intruders" }) },
  "orgs/[orgSlug]/policy/actions.ts discardDraftAction": { form: (f) => ({ versionId: f.policyVersionId }) },
  "orgs/[orgSlug]/policy/actions.ts startDraftAction": { form: () => ({}) },
  "orgs/[orgSlug]/policy/actions.ts saveQuizQuestionAction": { form: (f) => ({ questionId: f.quizQuestionId, prompt: "Hijacked question?", choices: "Yes", correctIndex: "0" }) },
  "orgs/[orgSlug]/policy/actions.ts retireQuizQuestionAction": { form: (f) => ({ questionId: f.quizQuestionId }) },
  // Workforce roster and acknowledgements (issue 13): org A's person; the member's own quiz and signature.
  "orgs/[orgSlug]/policy/roster/actions.ts sendAckLinkAction": { form: (f) => ({ personId: f.workforcePersonId }) },
  "orgs/[orgSlug]/policy/roster/actions.ts setPersonActiveAction": { form: (f) => ({ personId: f.workforcePersonId, active: "false" }) },
  "orgs/[orgSlug]/policy/acknowledge/actions.ts submitMyQuizAction": { form: (f) => ({ [`answers.${f.quizQuestionId}`]: "0" }) },
  "orgs/[orgSlug]/policy/acknowledge/actions.ts signMyAckAction": { form: () => ({ typedName: "An Intruder", confirm: "on", password: "not the password" }) },
  "orgs/[orgSlug]/policy/coaching/[assignmentId]/actions.ts answerCoachingAction": { form: (f) => ({ assignmentId: f.coachingAssignmentId, chosenIndex: "0" }) },
  // Client approvers (issue 16): org A's approver and post.
  "orgs/[orgSlug]/settings/client-approver-actions.ts createClientApproverAction": { form: () => ({ name: "Intruder Approver", email: "intruder-approver@example.org" }) },
  "orgs/[orgSlug]/settings/client-approver-actions.ts setClientApproverActiveAction": { form: (f) => ({ approverId: f.clientApproverId, active: "false" }) },
  "orgs/[orgSlug]/posts/client-approval-actions.ts sendToClientApproverAction": { form: (f) => ({ postId: f.postId, revision: "1", approverId: f.clientApproverId }) },
  // The content calendar (issue 16): a move of org A's post to another day.
  "orgs/[orgSlug]/calendar/actions.ts movePostAction": { form: (f) => ({ postId: f.postId, revision: "1", toDate: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10) }) },
};
/** Routes that take no org: each says why it is outside the matrix (agency actions have their own test). */
export const NOT_ORG_SCOPED: Record<string, string> = {
  "api/auth/[...nextauth]/route.ts GET": "Auth.js endpoints",
  "api/auth/[...nextauth]/route.ts POST": "Auth.js endpoints",
  "api/session/ping/route.ts POST": "keeps the caller's own session alive",
  "api/review-queue/route.ts GET": "the caller's own queue; orgs come from their memberships (see list-review-queue tests)",
  "api/notifications/route.ts GET": "the caller's own notifications",
  "api/notifications/read/route.ts POST": "marks only the caller's own notifications",
  "(auth)/signin/actions.ts signInAction": "public sign-in",
  "(auth)/signout/actions.ts signOutAction": "ends the caller's own session",
  "(auth)/signout/actions.ts idleSignOutAction": "ends the caller's own session",
  "invite/[token]/actions.ts acceptInvitationAction": "public: the emailed token is the credential",
  "sign/[token]/submit/route.ts POST": "public: the single-use signing token in the path is the credential (consent-signing-routes.int.test.ts)",
  "sign/[token]/copy/route.ts GET": "public: the signing token is the credential, after signing only (consent-signing-routes.int.test.ts)",
  "ack/[token]/quiz/route.ts POST": "public: the single-use acknowledgement token in the path is the credential; org A's token acts on org A's row only (acknowledgements.int.test.ts)",
  "ack/[token]/sign/route.ts POST": "public: the single-use acknowledgement token in the path is the credential (acknowledgements.int.test.ts)",
  "ack/[token]/reading-time/route.ts POST": "public: the acknowledgement token in the path is the credential (acknowledgements.int.test.ts)",
  "api/webhooks/meta/route.ts GET": "public: Meta's subscription handshake, answered only with the verify token (meta-webhook-route.int.test.ts)",
  "api/oauth/meta/callback/route.ts GET": "Meta's OAuth redirect, no org in the URL: the single-use state names the org and the admin, and a state of org A cannot connect into org B (account-connect.int.test.ts)",
  "api/oauth/linkedin/callback/route.ts GET": "LinkedIn's OAuth redirect, like Meta's: the single-use state names the org, the admin and the platform; org A's state cannot connect into org B (account-connect-linkedin-x.int.test.ts)",
  "api/oauth/x/callback/route.ts GET": "X's OAuth redirect (PKCE), like Meta's: the single-use state names the org, the admin and the platform; org A's state cannot connect into org B (account-connect-linkedin-x.int.test.ts)",
  "api/oauth/tiktok/callback/route.ts GET": "TikTok's OAuth redirect, like X's: the single-use state names the org, the admin and the platform; org A's state cannot connect into org B (account-connect-tiktok.int.test.ts)",
  "api/webhooks/meta/route.ts POST": "signed by the platform, no session: the page id in the delivery names the org (meta-webhook-route.int.test.ts)",
  "api/webhooks/linkedin/route.ts GET": "public: LinkedIn's challenge, answered with an HMAC under the client secret (linkedin-webhook-route.int.test.ts)",
  "api/webhooks/linkedin/route.ts POST": "signed by LinkedIn (X-LI-Signature), no session: the organization URN in the delivery names the org (linkedin-webhook-route.int.test.ts)",
  "api/intake/groups/route.ts POST": "the mail intake relay, no session: the shared secret authenticates it, the token in the recipient names the org (group-intake-route.int.test.ts)",
  // The person's own account security (issue 15): keyed by the session's user, never by an id from another org (account-security.int.test.ts).
  "api/account/reauth/route.ts POST": "re-authenticates the caller's own session (account-security.int.test.ts)",
  "api/account/sessions/route.ts GET": "the caller's own sessions (account-security.int.test.ts)",
  "api/account/sessions/route.ts DELETE": "ends the caller's own other sessions (account-security.int.test.ts)",
  "api/account/sessions/[sessionId]/route.ts DELETE": "ends one of the caller's own sessions; another user's id is 404 (account-security.int.test.ts)",
  "account/security/actions.ts startMfaEnrolmentAction": "the caller's own MFA enrolment (account-security.int.test.ts)",
  "account/security/actions.ts confirmMfaEnrolmentAction": "the caller's own MFA enrolment (account-security.int.test.ts)",
  "account/security/actions.ts disableMfaAction": "the caller's own MFA, after a re-authentication (mfa.int.test.ts)",
  "account/security/actions.ts regenerateRecoveryCodesAction": "the caller's own recovery codes, after a re-authentication (mfa.int.test.ts)",
  "account/security/actions.ts revokeSessionAction": "ends one of the caller's own sessions; another user's id is 404 (account-security.int.test.ts)",
  "account/security/actions.ts revokeOtherSessionsAction": "ends the caller's own other sessions (account-security.int.test.ts)",
  "agency/actions.ts createOrgAction": "agency-scoped: see the agency isolation test",
  "agency/actions.ts assignMemberAction": "agency-scoped: see the agency isolation test",
  "agency/actions.ts retryMailAction": "agency admins only: the outbox is the platform's, a mail belongs to no org (outbox-delivery.int.test.ts)",
  "api/password-reset/route.ts POST": "public: answers alike for any address, rate limited (password-reset-route.int.test.ts)",
  "reset-password/[token]/actions.ts resetPasswordAction": "public: the emailed single-use reset token is the credential (password-reset.int.test.ts)",
  // Operations (issue 15): public probes that read no record and answer states only (health-routes.int.test.ts).
  "healthz/route.ts GET": "public liveness probe: no session, no data, no dependency (health-routes.int.test.ts)",
  "readyz/route.ts GET": "public readiness probe: ok/down per dependency, nothing else (health-routes.int.test.ts, readiness-down.int.test.ts)",
  "agency/queues/[[...path]]/route.ts GET": "agency admins only: the platform's job queues, which belong to no org; anyone else gets 404 (queue-board.int.test.ts)",
  // Client approver links (issue 16): found by the token across orgs; org A's token acts on org A's link and post only.
  "approve/[token]/verify/route.ts POST": "public: the client approver link's token in the path is the credential, the mailed code the second factor (client-approval-routes.int.test.ts)",
  "approve/[token]/code/route.ts POST": "public: mails a new code to the address on file for the link in the path, never to one the caller names (client-approval-routes.int.test.ts)",
  "approve/[token]/decision/route.ts POST": "public: the link's token plus the session cookie its code set; decides only that link's post and step (client-approval-routes.int.test.ts)",
  "approve/[token]/media/[mediaId]/route.ts GET": "public: an image of the link's own revision only, for the browser holding its session; another post's image is 404 (client-approval-routes.int.test.ts)",
};
