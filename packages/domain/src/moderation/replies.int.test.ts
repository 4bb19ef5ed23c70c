import { db } from "@vetted/db";
import { type Producer, type Redis } from "@vetted/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptField } from "../consents/crypto";
import { createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { deleteReplyTemplate } from "./delete-reply-template";
import { draftPublicReply, HIDDEN_PHI_REFUSAL, PublicReplyRefusedError } from "./draft-public-reply";
import { CLEAN_TEXT, commentOn, PHI_TEXT } from "./inbox-test-setup";
import { listReplyTemplates } from "./list-reply-templates";
import { openField } from "./moderation-crypto";
import type { PlatformClient } from "./platform-client";
import { connectTestAccount, RecordingPlatformClient, closeTestProducer, createTestProducer } from "./moderation-test-helpers";
import { requestPrivateReply } from "./request-private-reply";
import { saveReplyTemplate } from "./save-reply-template";
import { sendModerationAction } from "./send-moderation-action";

let redis: Redis;
let producer: Producer;
let a: TestOrg;
let b: TestOrg;
let pageA: string;
/** An org that does not auto-hide: its PHI comments stay visible, so public replies under them are checked. */
let open: TestOrg;
let pageOpen: string;

beforeAll(async () => {
  ({ redis, producer } = createTestProducer());
  [a, b, open] = await Promise.all([createOrgWithMembers(), createOrgWithMembers(), createOrgWithMembers()]);
  await db().organization.update({ where: { id: open.org.id }, data: { autoHideBlocking: false } });
  pageA = (await connectTestAccount(a.org.id, a.users.ADMIN.id)).externalId;
  pageOpen = (await connectTestAccount(open.org.id, open.users.ADMIN.id)).externalId;
});

afterAll(() => closeTestProducer({ redis, producer }));

async function refusal(promise: Promise<unknown>): Promise<PublicReplyRefusedError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(PublicReplyRefusedError);
  return error as PublicReplyRefusedError;
}
const actionsOf = (orgId: string, commentId: string) => db().moderationAction.findMany({ where: { orgId, commentId }, orderBy: { createdAt: "asc" } });

describe("public replies", () => {
  it("refuses a reply that confirms a patient, with the reason, and writes nothing", async () => {
    const { id } = await commentOn(producer, open.org.id, pageOpen, PHI_TEXT);
    const error = await refusal(draftPublicReply(open.ctx.CONSULTANT, { commentId: id, text: "So glad your surgery went well, Philippa! Get some rest." }));
    expect(error.overridable).toBe(true);
    expect(error.message).toMatch(/refused/);
    expect(error.fields!.text!.join(" ")).toMatch(/scanner blocks this reply/);
    // The reason names categories, never the words of the reply or the comment.
    expect(error.message).not.toMatch(/Philippa|surgery|appendectomy/);
    expect(await actionsOf(open.org.id, id)).toEqual([]);
  });

  it("refuses a reply that the scanner allows but that repeats the comment's PHI", async () => {
    const { id } = await commentOn(producer, open.org.id, pageOpen, PHI_TEXT);
    const error = await refusal(draftPublicReply(open.ctx.CONSULTANT, { commentId: id, text: "Thanks so much Oyelaran family, the nurses loved your card." }));
    expect(error.refusals).toEqual([expect.stringMatching(/repeats the commenter's name information/)]);
    expect(error.message).not.toMatch(/Oyelaran/);
  });

  it("sends a neutral reply through the outbox; a platform without public replies fails it as UNSUPPORTED", async () => {
    const { id } = await commentOn(producer, open.org.id, pageOpen, PHI_TEXT);
    const text = "Thank you for the kind words! Please call our patient line at 555-0142 so we can help.";
    const result = await draftPublicReply(open.ctx.CONSULTANT, { commentId: id, text });
    expect(result).toMatchObject({ verdict: "allow", overridden: false });
    const [action] = await actionsOf(open.org.id, id);
    expect(action).toMatchObject({ id: result.actionId, kind: "PUBLIC_REPLY", status: "PENDING", overrideReasonCipher: null });
    expect(openField(action!.textCipher!, "moderation-action", open.org.id, action!.id, "text")).toBe(text);
    await expectAppError(draftPublicReply(open.ctx.ADMIN, { commentId: id, text: "Thank you, see you soon." }), "CONFLICT");
    const platform = new RecordingPlatformClient();
    expect(await sendModerationAction(open.org.id, action!.id, { clients: () => platform })).toBe("SENT");
    expect(platform.calls).toEqual([expect.objectContaining({ op: "public_reply", account: pageOpen })]);
    expect(await db().moderationAction.findFirst({ where: { orgId: open.org.id, id: action!.id } })).toMatchObject({ status: "SENT" });

    // A connector without public replies (LinkedIn, X): a permanent failure, not a retry loop.
    const second = await commentOn(producer, open.org.id, pageOpen, PHI_TEXT);
    const { actionId } = await draftPublicReply(open.ctx.CONSULTANT, { commentId: second.id, text });
    const recording = new RecordingPlatformClient();
    const noPublic: PlatformClient = {
      setCommentHidden: (acc, c, h) => recording.setCommentHidden(acc, c, h),
      deleteComment: (acc, c) => recording.deleteComment(acc, c),
      sendPrivateReply: (acc, c) => recording.sendPrivateReply(acc, c),
    };
    expect(await sendModerationAction(open.org.id, actionId, { clients: () => noPublic })).toBe("FAILED");
    expect(await db().moderationAction.findFirst({ where: { orgId: open.org.id, id: actionId } })).toMatchObject({ status: "FAILED", lastErrorCode: "UNSUPPORTED" });
    const audit = await db().auditEvent.findMany({ where: { orgId: open.org.id, targetId: id, action: "comment.public_reply_requested" } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain("555-0142");
  });

  it("a compliance officer may override a refusal in writing; nobody else may", async () => {
    const { id } = await commentOn(producer, open.org.id, pageOpen, PHI_TEXT);
    const text = "Philippa, the night nurses say hello!";
    const reason = "The family asked us in writing to thank her publicly; authorization on file.";
    await expectAppError(draftPublicReply(open.ctx.ADMIN, { commentId: id, text, overrideReason: reason }), "FORBIDDEN");
    await expectAppError(draftPublicReply(open.ctx.CONSULTANT, { commentId: id, text, overrideReason: reason }), "FORBIDDEN");
    await expectAppError(draftPublicReply(open.ctx.COMPLIANCE_OFFICER, { commentId: id, text, overrideReason: "because" }), "VALIDATION");
    expect(await actionsOf(open.org.id, id)).toEqual([]);

    const result = await draftPublicReply(open.ctx.COMPLIANCE_OFFICER, { commentId: id, text, overrideReason: reason });
    expect(result.overridden).toBe(true);
    const [action] = await actionsOf(open.org.id, id);
    expect(decryptField(action!.overrideReasonCipher!, `moderation-action:${open.org.id}:${action!.id}:override`)).toBe(reason);
    const [event] = await db().auditEvent.findMany({ where: { orgId: open.org.id, targetId: id, action: "comment.public_reply_overridden" } });
    expect(event).toMatchObject({ actorId: open.users.COMPLIANCE_OFFICER.id, metadata: expect.objectContaining({ actionId: action!.id, overridden: true }) });
    expect(JSON.stringify(event)).not.toMatch(/Philippa|authorization on file/);
  });

  it("a comment hidden for PHI can only be answered privately, override or not", async () => {
    const { id } = await commentOn(producer, a.org.id, pageA, PHI_TEXT);
    const error = await refusal(draftPublicReply(a.ctx.COMPLIANCE_OFFICER, { commentId: id, text: "Thank you for reaching out!", overrideReason: "We want to answer in public this once." }));
    expect(error).toMatchObject({ overridable: false, refusals: [HIDDEN_PHI_REFUSAL] });
    expect((await actionsOf(a.org.id, id)).map((x) => x.kind)).toEqual(["HIDE"]);
  });

  it("tenant isolation and roles", async () => {
    const { id } = await commentOn(producer, a.org.id, pageA, CLEAN_TEXT);
    await expectAppError(draftPublicReply(b.ctx.COMPLIANCE_OFFICER, { commentId: id, text: "Thanks!" }), "NOT_FOUND");
    await expectAppError(draftPublicReply(a.ctx.STAFF, { commentId: id, text: "Thanks!" }), "FORBIDDEN");
    await expectAppError(draftPublicReply(a.ctx.CONSULTANT, { commentId: id, text: "  " }), "VALIDATION");
    expect(await actionsOf(a.org.id, id)).toEqual([]);
  });
});

describe("reply templates and the templated private reply", () => {
  it("admins and officers keep templates; repliers pick one; the private reply goes out once", async () => {
    const body = "We can't discuss anyone's care here. Please call our patient line at 555-0142.";
    const t = await saveReplyTemplate(a.ctx.COMPLIANCE_OFFICER, { name: "Call us", body });
    await expectAppError(saveReplyTemplate(a.ctx.ADMIN, { name: "Call us", body: "Other" }), "CONFLICT");
    await expectAppError(saveReplyTemplate(a.ctx.CONSULTANT, { name: "Mine", body }), "FORBIDDEN");
    await expectAppError(saveReplyTemplate(a.ctx.ADMIN, { name: "", body }), "VALIDATION");
    await saveReplyTemplate(a.ctx.ADMIN, { templateId: t.id, name: "Call us (phone)", body });
    await expectAppError(saveReplyTemplate(b.ctx.ADMIN, { templateId: t.id, name: "Hijack", body: "x" }), "NOT_FOUND");
    const templates = await listReplyTemplates(a.ctx.CONSULTANT);
    expect(templates).toEqual([expect.objectContaining({ id: t.id, name: "Call us (phone)", body })]);
    expect(await listReplyTemplates(b.ctx.CONSULTANT)).toEqual([]);
    await expectAppError(listReplyTemplates(a.ctx.STAFF), "FORBIDDEN");

    const { id, externalId } = await commentOn(producer, a.org.id, pageA, PHI_TEXT);
    const clients = new RecordingPlatformClient();
    await requestPrivateReply(a.ctx.CONSULTANT, { commentId: id, text: templates[0]!.body }, { clients: () => clients });
    await expectAppError(requestPrivateReply(a.ctx.CONSULTANT, { commentId: id, text: templates[0]!.body }, { clients: () => clients }), "CONFLICT");
    expect(clients.calls.filter((c) => c.op === "reply")).toEqual([expect.objectContaining({ commentId: externalId })]);

    await expectAppError(deleteReplyTemplate(b.ctx.ADMIN, { templateId: t.id }), "NOT_FOUND");
    await deleteReplyTemplate(a.ctx.ADMIN, { templateId: t.id });
    expect(await listReplyTemplates(a.ctx.CONSULTANT)).toEqual([]);
    const audit = await db().auditEvent.findMany({ where: { orgId: a.org.id, targetId: t.id }, orderBy: { seq: "asc" } });
    expect(audit.map((e) => e.action)).toEqual(["reply_template.created", "reply_template.updated", "reply_template.deleted"]);
  });
});
