import { db } from "@vetted/db";
import { type Producer, type Redis } from "@vetted/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor, createOrgWithMembers, type TestOrg } from "../testing";
import { SLA_WARN_BEFORE_MS } from "./comment-sla";
import { decideComment } from "./decide-comment";
import { getComment } from "./get-comment";
import { CLEAN_TEXT, commentOn, PHI_TEXT } from "./inbox-test-setup";
import { listAgencyInbox } from "./list-agency-inbox";
import { listInbox } from "./list-inbox";
import { closeTestProducer, connectTestAccount, twoConnectedOrgs } from "./moderation-test-helpers";
import { requestPrivateReply } from "./request-private-reply";
import { sweepCommentSla } from "./sweep-comment-sla";

let redis: Redis;
let producer: Producer;
let a: TestOrg;
let pageA: string;

beforeAll(async () => {
  ({ redis, producer, a, pageA } = await twoConnectedOrgs());
});
afterAll(() => closeTestProducer({ redis, producer }));

const MIN = 60_000;
const row = (orgId: string, id: string) => db().socialComment.findFirstOrThrow({ where: { orgId, id } });
const notes = (orgId: string, commentId: string, kind?: string) =>
  db().notification.findMany({ where: { orgId, commentId, ...(kind ? { kind } : {}) }, orderBy: { createdAt: "asc" } });
const setDue = (orgId: string, id: string, at: Date) => db().socialComment.updateMany({ where: { orgId, id }, data: { responseDueAt: at } });

describe("the first-response deadline", () => {
  it("starts when a comment is auto-hidden, from the time it was posted, and the officers hear of the hide", async () => {
    await db().organization.update({ where: { id: a.org.id }, data: { firstResponseSlaMinutes: 90 } });
    const posted = Math.floor(Date.now() / 1000) - 600;
    const phi = await commentOn(producer, a.org.id, pageA, PHI_TEXT, { time: posted });
    const c = await row(a.org.id, phi.id);
    expect(c.status).toBe("HIDDEN_PENDING_REVIEW");
    expect(c.responseDueAt?.getTime()).toBe(posted * 1000 + 90 * MIN);
    const hidden = await notes(a.org.id, phi.id, "comment_hidden");
    // The officer only: the org has one, so its admin is not told as well.
    expect(hidden.map((n) => n.userId)).toEqual([a.users.COMPLIANCE_OFFICER.id]);
    expect(hidden[0]).toMatchObject({ postId: null, readAt: null });

    const clean = await commentOn(producer, a.org.id, pageA, CLEAN_TEXT);
    expect((await row(a.org.id, clean.id)).responseDueAt).toBeNull();
    expect(await notes(a.org.id, clean.id)).toEqual([]);
  });

  it("stops at the first decision, which retires the hide notice; later decisions keep that time", async () => {
    const phi = await commentOn(producer, a.org.id, pageA, PHI_TEXT);
    await decideComment(a.ctx.CONSULTANT, { commentId: phi.id, action: "assign" });
    expect((await row(a.org.id, phi.id)).firstRespondedAt).toBeNull();
    await decideComment(a.ctx.COMPLIANCE_OFFICER, { commentId: phi.id, action: "escalate" });
    const first = (await row(a.org.id, phi.id)).firstRespondedAt;
    expect(first).toBeInstanceOf(Date);
    expect((await notes(a.org.id, phi.id, "comment_hidden")).every((n) => n.readAt !== null)).toBe(true);
    await decideComment(a.ctx.COMPLIANCE_OFFICER, { commentId: phi.id, action: "resolve" });
    expect((await row(a.org.id, phi.id)).firstRespondedAt).toEqual(first);
    const events = await auditEventsFor(a.org.id, { targetId: phi.id });
    expect(events.filter((e) => (e.metadata as { firstResponse?: boolean }).firstResponse).map((e) => e.action)).toEqual(["comment.escalate"]);
    expect((await getComment(a.ctx.CONSULTANT, { commentId: phi.id })).sla).toBeNull();
  });

  it("'needs reply' starts the clock on a clean comment; a private reply stops it", async () => {
    const clean = await commentOn(producer, a.org.id, pageA, CLEAN_TEXT);
    const before = Date.now();
    await decideComment(a.ctx.CONSULTANT, { commentId: clean.id, action: "needs_reply" });
    const due = (await row(a.org.id, clean.id)).responseDueAt!.getTime();
    expect(due).toBeGreaterThanOrEqual(before + 90 * MIN);
    expect(due).toBeLessThanOrEqual(Date.now() + 90 * MIN);
    expect((await listInbox(a.ctx.CONSULTANT, { tab: "needs_reply" })).items.find((i) => i.id === clean.id)?.sla).toEqual({ dueAt: new Date(due), state: "on_time" });
    await requestPrivateReply(a.ctx.CONSULTANT, { commentId: clean.id, text: "Please call our front desk." });
    expect((await row(a.org.id, clean.id)).firstRespondedAt).toBeInstanceOf(Date);
    expect((await listInbox(a.ctx.CONSULTANT, { tab: "needs_reply" })).items.find((i) => i.id === clean.id)?.sla).toBeNull();
  });
});

describe("the SLA sweep", () => {
  it("tells the officers and the assignee once when due soon and once when overdue; repeat sweeps send nothing", async () => {
    const phi = await commentOn(producer, a.org.id, pageA, PHI_TEXT);
    await decideComment(a.ctx.CONSULTANT, { commentId: phi.id, action: "assign" });
    const now = new Date();
    await setDue(a.org.id, phi.id, new Date(now.getTime() + 20 * MIN));

    await sweepCommentSla(now);
    const due = await notes(a.org.id, phi.id, "comment_response_due");
    expect(due.map((n) => n.userId).sort()).toEqual([a.users.COMPLIANCE_OFFICER.id, a.users.CONSULTANT.id].sort());
    expect((await listInbox(a.ctx.CONSULTANT, { tab: "hidden" })).items.find((i) => i.id === phi.id)?.sla?.state).toBe("due_soon");
    await sweepCommentSla(now);
    await sweepCommentSla(new Date(now.getTime() + 5 * MIN));
    expect(await notes(a.org.id, phi.id, "comment_response_due")).toHaveLength(2);
    expect(await notes(a.org.id, phi.id, "comment_response_overdue")).toEqual([]);

    const later = new Date(now.getTime() + 21 * MIN);
    await sweepCommentSla(later);
    await sweepCommentSla(later);
    expect(await notes(a.org.id, phi.id, "comment_response_overdue")).toHaveLength(2);
    expect(await row(a.org.id, phi.id)).toMatchObject({ slaWarnedAt: now, slaBreachedAt: later });
    const audit = await auditEventsFor(a.org.id, { targetId: phi.id });
    expect(audit.filter((e) => e.action.startsWith("comment.sla_")).map((e) => [e.action, e.actorId, e.metadata])).toEqual([
      ["comment.sla_due_soon", null, { dueAt: new Date(now.getTime() + 20 * MIN).toISOString() }],
      ["comment.sla_overdue", null, { dueAt: new Date(now.getTime() + 20 * MIN).toISOString() }],
    ]);
  });

  it("reports a comment first seen past its deadline as overdue only, to the admins of an org without an officer", async () => {
    const org = await createOrgWithMembers();
    await db().membership.deleteMany({ where: { orgId: org.org.id, role: "COMPLIANCE_OFFICER" } });
    const page = (await connectTestAccount(org.org.id, org.users.ADMIN.id)).externalId;
    const phi = await commentOn(producer, org.org.id, page, PHI_TEXT);
    const now = new Date();
    await setDue(org.org.id, phi.id, new Date(now.getTime() - 5 * MIN));
    await sweepCommentSla(now);
    expect(await notes(org.org.id, phi.id, "comment_response_due")).toEqual([]);
    expect((await notes(org.org.id, phi.id, "comment_response_overdue")).map((n) => n.userId)).toEqual([org.users.ADMIN.id]);
    expect((await listAgencyInbox(org.users.ADMIN.id)).find((r) => r.org.slug === org.org.slug)?.overdue).toBe(1);
    expect((await getComment(org.ctx.ADMIN, { commentId: phi.id })).sla?.state).toBe("overdue");
  });

  it("sends nothing for a comment answered, deleted on the platform, or not yet near its deadline", async () => {
    const now = new Date();
    const answered = await commentOn(producer, a.org.id, pageA, PHI_TEXT);
    await decideComment(a.ctx.COMPLIANCE_OFFICER, { commentId: answered.id, action: "resolve" });
    const far = await commentOn(producer, a.org.id, pageA, PHI_TEXT);
    const gone = await commentOn(producer, a.org.id, pageA, PHI_TEXT);
    await setDue(a.org.id, answered.id, new Date(now.getTime() - MIN));
    await setDue(a.org.id, far.id, new Date(now.getTime() + SLA_WARN_BEFORE_MS + MIN));
    await setDue(a.org.id, gone.id, new Date(now.getTime() - MIN));
    await db().socialComment.updateMany({ where: { orgId: a.org.id, id: gone.id }, data: { deletedAt: now } });
    await sweepCommentSla(now);
    for (const c of [answered, far, gone]) {
      expect((await notes(a.org.id, c.id)).filter((n) => n.kind !== "comment_hidden")).toEqual([]);
      expect(await row(a.org.id, c.id)).toMatchObject({ slaWarnedAt: null, slaBreachedAt: null });
    }
  });
});
