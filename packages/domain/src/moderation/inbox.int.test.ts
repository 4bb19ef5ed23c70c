import { db } from "@vetted/db";
import { type Producer, type Redis } from "@vetted/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrgWithMembers, expectAppError, ROLES, type TestOrg } from "../testing";
import { decideComment } from "./decide-comment";
import { getComment } from "./get-comment";
import { PRIVATE_REPLY_WINDOW_MS } from "./inbox-common";
import { AUTHOR, CLEAN_TEXT, commentOn, PHI_TEXT } from "./inbox-test-setup";
import { listAgencyInbox } from "./list-agency-inbox";
import { listInbox } from "./list-inbox";
import { openField } from "./moderation-crypto";
import { connectTestAccount, RecordingPlatformClient, closeTestProducer, twoConnectedOrgs } from "./moderation-test-helpers";

let redis: Redis;
let producer: Producer;
let a: TestOrg;
let b: TestOrg;
let pageA: string;
let pageB: string;

beforeAll(async () => {
  ({ redis, producer, a, b, pageA, pageB } = await twoConnectedOrgs());
});

afterAll(() => closeTestProducer({ redis, producer }));

const row = (orgId: string, id: string) => db().socialComment.findFirstOrThrow({ where: { orgId, id } });

describe("the moderation inbox", () => {
  it("lists a tab newest first with counts, filters by verdict, platform and assignee, and never shows the text", async () => {
    const org = await createOrgWithMembers();
    const page = (await connectTestAccount(org.org.id, org.users.ADMIN.id)).externalId;
    const now = Math.floor(Date.now() / 1000);
    const phi = await commentOn(producer, org.org.id, page, PHI_TEXT, { time: now - 300 });
    const clean1 = await commentOn(producer, org.org.id, page, CLEAN_TEXT, { time: now - 200 });
    const clean2 = await commentOn(producer, org.org.id, page, CLEAN_TEXT, { time: now - 100 });
    const ctx = org.ctx.CONSULTANT;

    const fresh = await listInbox(ctx, {});
    expect(fresh.items.map((i) => i.id)).toEqual([clean2.id, clean1.id]);
    expect(fresh.counts).toEqual({ new: 2, hidden: 1, needs_reply: 0, resolved: 0, escalated: 0 });
    expect(JSON.stringify(fresh)).not.toMatch(/garden|Philippa|appendectomy|Jonah/);

    const hidden = await listInbox(ctx, { tab: "hidden" });
    expect(hidden.items).toEqual([expect.objectContaining({ id: phi.id, verdict: "block", status: "HIDDEN_PENDING_REVIEW", findingTypes: expect.arrayContaining(["HEALTH", "NAME"]) })]);
    const item = hidden.items[0]!;
    expect(item.replyWindowEndsAt!.getTime() - item.postedAt.getTime()).toBe(PRIVATE_REPLY_WINDOW_MS);
    expect(item.postedAt.getTime()).toBe((now - 300) * 1000);
    expect(JSON.stringify(hidden)).not.toMatch(/Philippa|Oyelaran|appendectomy|Jonah/);

    expect((await listInbox(ctx, { tab: "new", verdict: "block" })).items).toEqual([]);
    expect((await listInbox(ctx, { tab: "hidden", verdict: "block" })).total).toBe(1);
    expect((await listInbox(ctx, { platform: "INSTAGRAM" })).counts).toEqual({ new: 0, hidden: 0, needs_reply: 0, resolved: 0, escalated: 0 });
    const paged = await listInbox(ctx, { pageSize: "1", page: "2" });
    expect(paged).toMatchObject({ total: 2, page: 2, items: [expect.objectContaining({ id: clean1.id })] });

    await decideComment(ctx, { commentId: clean1.id, action: "assign" });
    const mine = await listInbox(ctx, { assigned: "me" });
    expect(mine.items).toEqual([expect.objectContaining({ id: clean1.id, assignee: { id: ctx.user.id, name: ctx.user.name } })]);
    expect(mine.counts.new).toBe(1);
    expect((await listInbox(org.ctx.ADMIN, { assigned: "me" })).items).toEqual([]);

    await expectAppError(listInbox(ctx, { tab: "archived" }), "VALIDATION");
    await expectAppError(listInbox(ctx, { platform: "MYSPACE" }), "VALIDATION");
    await expectAppError(listInbox(org.ctx.STAFF, {}), "FORBIDDEN");
  });

  it("shows one comment decrypted, and records the read", async () => {
    const { id } = await commentOn(producer, a.org.id, pageA, PHI_TEXT);
    const view = await getComment(a.ctx.COMPLIANCE_OFFICER, { commentId: id });
    expect(view).toMatchObject({ id, text: PHI_TEXT, authorName: AUTHOR, verdict: "block", hiddenForPhi: true, replyWindowOpen: true, status: "HIDDEN_PENDING_REVIEW" });
    expect(view.reasons.length).toBeGreaterThan(0);
    const marked = view.findings.map((f) => PHI_TEXT.slice(f.start, f.end));
    expect(marked).toEqual(expect.arrayContaining(["appendectomy"]));
    const audit = await db().auditEvent.findMany({ where: { orgId: a.org.id, targetId: id, action: "comment.viewed" } });
    expect(audit).toEqual([expect.objectContaining({ actorId: a.users.COMPLIANCE_OFFICER.id })]);
    expect(JSON.stringify(audit)).not.toMatch(/Philippa|appendectomy|Jonah/);

    await expectAppError(getComment(a.ctx.STAFF, { commentId: id }), "FORBIDDEN");
    await expectAppError(getComment(b.ctx.ADMIN, { commentId: id }), "NOT_FOUND");
    await expectAppError(getComment(a.ctx.ADMIN, { commentId: "not-a-uuid" }), "VALIDATION");
    // Refusals read nothing and record no view.
    expect(await db().auditEvent.count({ where: { orgId: a.org.id, targetId: id, action: "comment.viewed" } })).toBe(1);
  });

  it("a person's hide keeps a snapshot and writes the HIDE into the outbox in one go; delete does too", async () => {
    const { id, externalId } = await commentOn(producer, a.org.id, pageA, CLEAN_TEXT);
    const clients = new RecordingPlatformClient();
    const { actionId } = await decideComment(a.ctx.CONSULTANT, { commentId: id, action: "hide" }, { clients: () => clients });
    expect(await row(a.org.id, id)).toMatchObject({ status: "HIDDEN_PENDING_REVIEW", hiddenAt: expect.any(Date) });
    const [snap] = await db().commentSnapshot.findMany({ where: { orgId: a.org.id, commentId: id } });
    expect(snap).toMatchObject({ actionId });
    expect(openField(snap!.textCipher, "comment-snapshot", a.org.id, snap!.id, "text")).toBe(CLEAN_TEXT);
    expect(openField(snap!.authorNameCipher!, "comment-snapshot", a.org.id, snap!.id, "author")).toBe(AUTHOR);
    expect(await db().moderationAction.findMany({ where: { orgId: a.org.id, commentId: id } })).toEqual([
      expect.objectContaining({ id: actionId, kind: "HIDE", status: "SENT", requestedById: a.users.CONSULTANT.id }),
    ]);
    expect(clients.calls).toEqual([expect.objectContaining({ op: "hide", commentId: externalId })]);
    await expectAppError(decideComment(a.ctx.CONSULTANT, { commentId: id, action: "hide" }), "CONFLICT");

    // Without a connector the DELETE waits for the worker; a second action meanwhile is refused.
    const del = await decideComment(a.ctx.ADMIN, { commentId: id, action: "delete" });
    expect(await db().moderationAction.findFirst({ where: { orgId: a.org.id, id: del.actionId! } })).toMatchObject({ kind: "DELETE", status: "PENDING" });
    expect(await db().commentSnapshot.count({ where: { orgId: a.org.id, commentId: id } })).toBe(2);
    await expectAppError(decideComment(a.ctx.ADMIN, { commentId: id, action: "unhide" }), "CONFLICT");
    expect(await row(a.org.id, id)).toMatchObject({ status: "RESOLVED" });

    const audit = await db().auditEvent.findMany({ where: { orgId: a.org.id, targetId: id, action: { in: ["comment.hide", "comment.delete"] } }, orderBy: { seq: "asc" } });
    expect(audit.map((e) => e.action)).toEqual(["comment.hide", "comment.delete"]);
    expect(audit[0]!.metadata).toMatchObject({ actionId, snapshotId: snap!.id, from: "NEW", to: "HIDDEN_PENDING_REVIEW" });
    expect(JSON.stringify(audit)).not.toMatch(/garden|Jonah/);
  });

  it("unhiding what the scanner blocked is a compliance officer's call; status moves are audited", async () => {
    const clients = new RecordingPlatformClient();
    const { id, autoHideId } = await commentOn(producer, a.org.id, pageA, PHI_TEXT);
    // The auto-hide is still pending: nothing else may be sent meanwhile.
    await expectAppError(decideComment(a.ctx.COMPLIANCE_OFFICER, { commentId: id, action: "unhide" }), "CONFLICT");
    await db().moderationAction.updateMany({ where: { orgId: a.org.id, id: autoHideId! }, data: { status: "SENT", sentAt: new Date() } });
    await db().socialComment.updateMany({ where: { orgId: a.org.id, id }, data: { hiddenAt: new Date() } });

    await expectAppError(decideComment(a.ctx.CONSULTANT, { commentId: id, action: "unhide" }), "FORBIDDEN");
    await expectAppError(decideComment(a.ctx.ADMIN, { commentId: id, action: "unhide" }), "FORBIDDEN");
    await decideComment(a.ctx.COMPLIANCE_OFFICER, { commentId: id, action: "unhide" }, { clients: () => clients });
    expect(clients.calls.map((c) => c.op)).toEqual(["unhide"]);
    expect(await row(a.org.id, id)).toMatchObject({ status: "RESOLVED", hiddenAt: null });

    await decideComment(a.ctx.CONSULTANT, { commentId: id, action: "escalate" });
    expect(await row(a.org.id, id)).toMatchObject({ status: "ESCALATED" });
    await decideComment(a.ctx.CONSULTANT, { commentId: id, action: "needs_reply" });
    await decideComment(a.ctx.CONSULTANT, { commentId: id, action: "assign", assigneeId: a.users.COMPLIANCE_OFFICER.id });
    expect(await row(a.org.id, id)).toMatchObject({ status: "NEEDS_REPLY", assignedToId: a.users.COMPLIANCE_OFFICER.id });
    await expectAppError(decideComment(a.ctx.CONSULTANT, { commentId: id, action: "assign", assigneeId: a.users.STAFF.id }), "VALIDATION");
    await expectAppError(decideComment(a.ctx.CONSULTANT, { commentId: id, action: "assign", assigneeId: b.users.ADMIN.id }), "VALIDATION");
    await decideComment(a.ctx.CONSULTANT, { commentId: id, action: "resolve" });
    const moves = await db().auditEvent.findMany({ where: { orgId: a.org.id, targetId: id, action: { startsWith: "comment." } }, orderBy: { seq: "asc" } });
    expect(moves.map((e) => e.action)).toEqual(expect.arrayContaining(["comment.unhide", "comment.escalate", "comment.needs_reply", "comment.assign", "comment.resolve"]));
    await expectAppError(decideComment(a.ctx.CONSULTANT, { commentId: id, action: "archive" }), "VALIDATION");
  });

  it("permissions by role, and another org's members see and change nothing", async () => {
    const { id } = await commentOn(producer, a.org.id, pageA, CLEAN_TEXT);
    const before = await row(a.org.id, id);
    for (const role of ROLES) {
      await expectAppError(decideComment(b.ctx[role], { commentId: id, action: "resolve" }), role === "STAFF" ? "FORBIDDEN" : "NOT_FOUND");
      expect((await listInbox(b.ctx[role], {}).catch(() => ({ items: [] }))).items.map((i) => i.id)).not.toContain(id);
    }
    await expectAppError(decideComment(a.ctx.STAFF, { commentId: id, action: "hide" }), "FORBIDDEN");
    expect(await row(a.org.id, id)).toEqual(before);
    expect(await db().moderationAction.count({ where: { orgId: a.org.id, commentId: id } })).toBe(0);
  });

  it("across orgs, a consultant sees counts per org they moderate in", async () => {
    await commentOn(producer, b.org.id, pageB, CLEAN_TEXT);
    const consultant = a.users.CONSULTANT;
    await db().membership.create({ data: { orgId: b.org.id, userId: consultant.id, role: "CONSULTANT" } });
    const rows = await listAgencyInbox(consultant.id);
    const bCounts = await listInbox(b.ctx.ADMIN, {});
    expect(rows.map((r) => r.org.slug).sort()).toEqual([a.org.slug, b.org.slug].sort());
    expect(rows.find((r) => r.org.slug === b.org.slug)!.counts).toEqual(bCounts.counts);
    // Staff of an org do not moderate: that org is left out.
    expect(await listAgencyInbox(b.users.STAFF.id)).toEqual([]);
  });
});
