import { randomUUID } from "node:crypto";
import { db } from "@vetted/db";
import { sealModerationField, sha256Hex } from "@vetted/domain";
import { connectTestAccount, createOrgWithMembers, type TestOrg } from "@vetted/domain/testing";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { form, importApp } from "./route-harness";

// The inbox's server actions (issue 12): a person's hide, a refused public reply with its reasons in
// fields.text, the private reply, the templates, and the breach incident of a staff member's comment.
// Tenant isolation is in route-matrix.int.test.ts.

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: "127.0.0.1", userAgent: "inbox-actions" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

type Action = (slug: string, prev: null, data: FormData) => Promise<{ ok: boolean; message?: string; error?: { code: string; message: string; fields?: Record<string, string[]> } }>;
const ACTIONS = "orgs/[orgSlug]/inbox/actions.ts";
const call = async (name: string, fields: Record<string, string>) => ((await importApp(ACTIONS))[name] as Action)(a.org.slug, null, form(fields));
// Our own sentence, stored as the comment processor stores a clean comment.
const TEXT = "Is the cafeteria open on Sundays? We visit every weekend.";

let a: TestOrg;
let commentId: string;
beforeAll(async () => {
  a = await createOrgWithMembers();
  const account = await connectTestAccount(a.org.id, a.users.ADMIN.id);
  commentId = randomUUID();
  await db().socialComment.create({
    data: {
      id: commentId, orgId: a.org.id, accountId: account.id, platform: "FACEBOOK", externalId: `${account.externalId}_3_actions`, lastEventAt: new Date(),
      textCipher: sealModerationField(TEXT, "social-comment", a.org.id, commentId, "text"), textSha256: sha256Hex(TEXT), verdict: "allow",
    },
  });
});

async function actAs(userId: string) {
  const session = await db().userSession.create({ data: { userId, idleMinutes: 15 } });
  acting.userId = userId;
  acting.sessionId = session.id;
}

describe("inbox actions", () => {
  it("refuses a public reply that confirms a patient, with the reasons for the box, and queues a neutral one", async () => {
    await actAs(a.users.CONSULTANT.id);
    const refused = await call("publicReplyAction", { commentId, text: "So happy your hip replacement went well, Marisol! See you at physio." });
    expect(refused).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    expect(refused.error!.fields!.text!.join(" ")).toMatch(/scanner blocks this reply/);
    expect(refused.error!.message).not.toMatch(/Marisol|hip/);
    const sent = await call("publicReplyAction", { commentId, text: "Thank you for the kind words about our team!" });
    expect(sent).toMatchObject({ ok: true, message: expect.stringMatching(/checked and queued: it is posted under the comment/) });
    expect(await db().moderationAction.count({ where: { orgId: a.org.id, commentId, kind: "PUBLIC_REPLY" } })).toBe(1);
  });

  it("hides with a snapshot, sends one private reply, and names the bad field", async () => {
    await actAs(a.users.CONSULTANT.id);
    expect(await call("decideCommentAction", { commentId, action: "hide" })).toMatchObject({ ok: true, message: expect.stringMatching(/^Hidden/) });
    expect(await db().commentSnapshot.count({ where: { orgId: a.org.id, commentId } })).toBe(1);
    expect(await call("decideCommentAction", { commentId, action: "shred" })).toMatchObject({ ok: false, error: { code: "VALIDATION", fields: { action: [expect.any(String)] } } });
    expect(await call("privateReplyAction", { commentId, text: "Please call our front desk." })).toMatchObject({ ok: true });
    expect(await call("privateReplyAction", { commentId, text: "Again" })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    await actAs(a.users.STAFF.id);
    expect(await call("decideCommentAction", { commentId, action: "resolve" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
  });

  it("templates: officers save and delete, consultants may not", async () => {
    await actAs(a.users.COMPLIANCE_OFFICER.id);
    expect(await call("saveReplyTemplateAction", { templateId: "", name: "Front desk", body: "Please call our front desk." })).toMatchObject({ ok: true });
    const t = await db().replyTemplate.findFirstOrThrow({ where: { orgId: a.org.id, name: "Front desk" } });
    expect(await call("saveReplyTemplateAction", { templateId: "", name: "", body: "x" })).toMatchObject({ ok: false, error: { fields: { name: [expect.any(String)] } } });
    await actAs(a.users.CONSULTANT.id);
    expect(await call("deleteReplyTemplateAction", { templateId: t.id })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    await actAs(a.users.ADMIN.id);
    expect(await call("deleteReplyTemplateAction", { templateId: t.id })).toMatchObject({ ok: true });
    expect(await db().replyTemplate.count({ where: { orgId: a.org.id } })).toBe(0);
  });

  it("\"Posted by our staff\" opens the comment's breach incident once; consultants may not; a bad field is named", async () => {
    await actAs(a.users.CONSULTANT.id);
    expect(await call("openCommentIncidentAction", { commentId, employeeId: a.users.STAFF.id })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    await actAs(a.users.COMPLIANCE_OFFICER.id);
    expect(await call("openCommentIncidentAction", { commentId, employeeId: a.users.STAFF.id, employeeName: "Someone Else" }))
      .toMatchObject({ ok: false, error: { code: "VALIDATION", fields: { employeeName: [expect.any(String)] } } });
    // A report id slipped into the form is not passed on: this action opens comment incidents only.
    expect(await call("openCommentIncidentAction", { commentId, employeeId: a.users.STAFF.id, reportId: randomUUID() }))
      .toMatchObject({ ok: true, message: expect.stringMatching(/^Incident opened/) });
    expect(await call("openCommentIncidentAction", { commentId, employeeId: "" })).toMatchObject({ ok: true, message: expect.stringMatching(/already open/) });
    expect(await db().incident.findMany({ where: { orgId: a.org.id } })).toEqual([expect.objectContaining({ commentId, reportId: null, employeeId: a.users.STAFF.id })]);
  });
});
