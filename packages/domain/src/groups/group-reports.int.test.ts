import { outboxMailsTo } from "../mail/mails-to";
import { db } from "@vetted/db";
import { createProducer, createProducerRedis, type Producer, type Redis } from "@vetted/queue";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv } from "@vetted/config";
import { getIncident } from "../incidents/get-incident";
import { openIncident } from "../incidents/open-incident";
import { useOfflineScanProducer } from "../scans/test-producers";
import { auditEventsFor, createOrgWithMembers, expectAppError, tempMediaDir, type TestOrg } from "../testing";
import { dispatchPendingGroupOcr } from "./dispatch-group-ocr";
import { getGroupReport } from "./get-group-report";
import { getGroupScreenshot } from "./get-group-screenshot";
import { groupAad } from "./group-crypto";
import { listGroupReports } from "./list-group-reports";
import { listMyCoachingNotes } from "./list-my-coaching-notes";
import { reportGroupPost } from "./report-group-post";
import { resolveGroupReport } from "./resolve-group-report";
import { sendCoachingNote } from "./send-coaching-note";

// Our own sentences: a nurse telling a named patient's condition in a staff group (block), and a
// harmless staff notice (allow).
const PHI_TEXT = "Sad night on 4 West: Ruth Adeyemi in bed 14 coded after her sepsis got worse. Keep her family in your thoughts.";
const CLEAN_TEXT = "Reminder: the staff potluck moved to Friday in the cafeteria. Bring a dish!";
const PHI_WORDS = /Adeyemi|sepsis|Ruth|potluck|Night Owls/;
const DAY_MS = 86_400_000;

let a: TestOrg;
let b: TestOrg;
let media: Awaited<ReturnType<typeof tempMediaDir>>;
let restoreProducer: () => Promise<void>;

beforeAll(async () => {
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
  media = await tempMediaDir("groups");
  restoreProducer = useOfflineScanProducer();
});

afterAll(async () => {
  await restoreProducer();
  await media.close();
});

const pasted = (org: TestOrg, text: string, over: Record<string, unknown> = {}) =>
  reportGroupPost(org.ctx.STAFF, { groupName: "Night Owls of 4 West", channel: "PRIVATE_GROUP", authorUserId: org.users.CONSULTANT.id, postedAt: new Date(Date.now() - 3_600_000).toISOString(), text, ...over });
const notes = (orgId: string, kind: string) => db().notification.findMany({ where: { orgId, kind }, select: { userId: true } });

describe("reporting a group post by paste", () => {
  it("scans it as a group post, seals every text, tells the compliance officers and opens the incident for a blocked post", async () => {
    const { report } = await pasted(a, PHI_TEXT);
    expect(report).toMatchObject({ status: "OPEN", verdict: "block", incidentId: expect.any(String) });
    const row = await db().groupReport.findFirstOrThrow({ where: { id: report.id, orgId: a.org.id } });
    expect(row).toMatchObject({ source: "PASTE", channel: "PRIVATE_GROUP", reporterId: a.users.STAFF.id, authorUserId: a.users.CONSULTANT.id, verdict: "block" });
    for (const cipher of [row.textCipher, row.groupNameCipher]) expect(cipher).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toMatch(PHI_WORDS);
    expect((row.findings as { type: string }[]).map((f) => f.type)).toEqual(expect.arrayContaining(["NAME", "HEALTH"]));

    // The officers hear of the report; officers and admins of the incident; never the reporter or the author.
    expect((await notes(a.org.id, "group_report")).map((n) => n.userId)).toEqual([a.users.COMPLIANCE_OFFICER.id]);
    expect((await notes(a.org.id, "incident_opened")).map((n) => n.userId).sort()).toEqual([a.users.ADMIN.id, a.users.COMPLIANCE_OFFICER.id].sort());
    const mails = await outboxMailsTo(a.users.COMPLIANCE_OFFICER.email);
    expect(mails.length).toBeGreaterThanOrEqual(2);
    expect(mails.map((m) => m.text).join("\n")).not.toMatch(PHI_WORDS);
    expect(mails.map((m) => m.text).join("\n")).toContain(`/orgs/${a.org.slug}/groups`);

    const incident = await db().incident.findFirstOrThrow({ where: { orgId: a.org.id, reportId: report.id } });
    expect(incident).toMatchObject({ id: report.incidentId, status: "OPEN", employeeId: a.users.CONSULTANT.id, openedById: null });
    expect(incident.discoveredAt.getTime()).toBe(row.createdAt.getTime());
    expect(incident.deadlineAt.getTime() - incident.discoveredAt.getTime()).toBe(60 * DAY_MS);

    const audit = await auditEventsFor(a.org.id);
    const mine = audit.filter((e) => e.targetId === report.id || e.targetId === incident.id);
    expect(mine.map((e) => e.action)).toEqual(["group_report.created", "group_report.scanned", "incident.opened"]);
    expect(mine.find((e) => e.action === "incident.opened")).toMatchObject({ actorId: null, actorLabel: "scanner" });
    expect(JSON.stringify(mine)).not.toMatch(PHI_WORDS);
  });

  it("a clean post is scanned and sent to the officers without an incident; an officer may still open one by hand, once", async () => {
    const { report } = await pasted(a, CLEAN_TEXT, { authorUserId: "", authorName: "Dana from dietary" });
    expect(report).toMatchObject({ status: "OPEN", verdict: "allow", incidentId: null });
    expect(await db().incident.count({ where: { orgId: a.org.id, reportId: report.id } })).toBe(0);
    const first = await openIncident(a.ctx.COMPLIANCE_OFFICER, { reportId: report.id });
    expect(first.created).toBe(true);
    expect(await openIncident(a.ctx.ADMIN, { reportId: report.id })).toEqual({ incidentId: first.incidentId, created: false });
    await expectAppError(openIncident(a.ctx.STAFF, { reportId: report.id }), "FORBIDDEN");
    const view = await getGroupReport(a.ctx.COMPLIANCE_OFFICER, { reportId: report.id });
    expect(view).toMatchObject({ author: null, authorName: "Dana from dietary", verdict: "allow", incident: { id: first.incidentId } });
  });

  it("names the field for bad input, before anything is written", async () => {
    const before = await db().groupReport.count({ where: { orgId: a.org.id } });
    const none = await expectAppError(reportGroupPost(a.ctx.STAFF, { groupName: "G", channel: "PRIVATE_GROUP", authorName: "X" }), "VALIDATION");
    expect((none as unknown as { fields: Record<string, string[]> }).fields.text).toBeDefined();
    const noAuthor = await expectAppError(reportGroupPost(a.ctx.STAFF, { groupName: "G", channel: "PRIVATE_GROUP", text: CLEAN_TEXT }), "VALIDATION");
    expect((noAuthor as unknown as { fields: Record<string, string[]> }).fields.authorUserId).toBeDefined();
    const foreign = await expectAppError(pasted(a, CLEAN_TEXT, { authorUserId: b.users.STAFF.id }), "VALIDATION");
    expect((foreign as unknown as { fields: Record<string, string[]> }).fields.authorUserId).toBeDefined();
    const future = await expectAppError(pasted(a, CLEAN_TEXT, { postedAt: new Date(Date.now() + DAY_MS).toISOString() }), "VALIDATION");
    expect((future as unknown as { fields: Record<string, string[]> }).fields.postedAt).toBeDefined();
    await expectAppError(pasted(a, CLEAN_TEXT, { channel: "MYSPACE" }), "VALIDATION");
    expect(await db().groupReport.count({ where: { orgId: a.org.id } })).toBe(before);
  });
});

describe("the officer's side", () => {
  it("reads the report (audited), sends a coaching note the employee is told of and reads, and resolves it", async () => {
    const { report } = await pasted(a, PHI_TEXT);
    const officer = a.ctx.COMPLIANCE_OFFICER;
    const view = await getGroupReport(officer, { reportId: report.id });
    expect(view).toMatchObject({ text: PHI_TEXT, groupName: "Night Owls of 4 West", author: { userId: a.users.CONSULTANT.id }, reporter: a.users.STAFF.name, verdict: "block" });
    expect(view.reasons.length).toBeGreaterThan(0);
    expect(view.findings.map((f) => PHI_TEXT.slice(f.start, f.end))).toEqual(expect.arrayContaining(["Ruth Adeyemi"]));
    expect((await auditEventsFor(a.org.id, { action: "group_report.viewed", targetId: report.id })).map((e) => e.actorId)).toEqual([officer.user.id]);

    const note = "Please keep patients out of the group, even without names. Let's talk on Monday.";
    const { noteId } = await sendCoachingNote(officer, { reportId: report.id, employeeId: a.users.CONSULTANT.id, text: note });
    const stored = await db().coachingNote.findFirstOrThrow({ where: { id: noteId, orgId: a.org.id } });
    expect(stored.textCipher).toMatch(/^v1:/);
    expect(stored.textCipher).not.toContain("Monday");
    expect(await db().notification.count({ where: { orgId: a.org.id, userId: a.users.CONSULTANT.id, kind: "coaching_note" } })).toBe(1);
    const sent = await auditEventsFor(a.org.id, { action: "coaching_note.sent", targetId: noteId });
    expect(sent[0]?.metadata).toEqual({ reportId: report.id, employeeId: a.users.CONSULTANT.id });

    const mine = await listMyCoachingNotes(a.ctx.CONSULTANT);
    expect(mine).toEqual([expect.objectContaining({ id: noteId, reportId: report.id, text: note, unread: true, from: officer.user.name })]);
    expect((await listMyCoachingNotes(a.ctx.CONSULTANT))[0]).toMatchObject({ unread: false });
    expect(await listMyCoachingNotes(a.ctx.STAFF)).toEqual([]);
    expect((await auditEventsFor(a.org.id, { action: "coaching_note.viewed" })).some((e) => (e.metadata as { noteIds?: string[] }).noteIds?.includes(noteId))).toBe(true);

    await resolveGroupReport(officer, { reportId: report.id });
    await expectAppError(resolveGroupReport(officer, { reportId: report.id }), "CONFLICT");
    expect(await db().groupReport.findFirstOrThrow({ where: { id: report.id, orgId: a.org.id } })).toMatchObject({ status: "RESOLVED", resolvedById: officer.user.id });
  });

  it("staff and consultants report but neither read others' reports nor act on them; their list holds their own only", async () => {
    const { report } = await pasted(a, CLEAN_TEXT);
    const other = await reportGroupPost(a.ctx.CONSULTANT, { groupName: "G", channel: "FACEBOOK", authorName: "Someone", text: CLEAN_TEXT });
    for (const ctx of [a.ctx.STAFF, a.ctx.CONSULTANT]) {
      await expectAppError(getGroupReport(ctx, { reportId: report.id }), "FORBIDDEN");
      await expectAppError(resolveGroupReport(ctx, { reportId: report.id }), "FORBIDDEN");
      await expectAppError(sendCoachingNote(ctx, { reportId: report.id, employeeId: a.users.STAFF.id, text: "x" }), "FORBIDDEN");
    }
    const staffList = await listGroupReports(a.ctx.STAFF);
    expect(staffList.reviewer).toBe(false);
    expect(staffList.items.map((i) => i.id)).toContain(report.id);
    expect(staffList.items.map((i) => i.id)).not.toContain(other.report.id);
    expect(staffList.items.every((i) => i.author === null && i.incident === null)).toBe(true);
    const officerList = await listGroupReports(a.ctx.COMPLIANCE_OFFICER);
    expect(officerList.items.map((i) => i.id)).toEqual(expect.arrayContaining([report.id, other.report.id]));
    expect(JSON.stringify(officerList)).not.toMatch(PHI_WORDS);
  });
});

describe("reporting by screenshot", () => {
  it("stores the screenshot without its metadata, leaves the report SCANNING in the outbox, and the sweeper queues its OCR", async () => {
    const png = await sharp({ create: { width: 400, height: 200, channels: 3, background: "#ffffff" } }).png().withMetadata({ exif: { IFD0: { ImageDescription: "Ruth Adeyemi" } } }).toBuffer();
    expect(png.toString("latin1")).toContain("Adeyemi");
    const { report } = await reportGroupPost(a.ctx.STAFF, { groupName: "Night Owls", channel: "PRIVATE_GROUP", authorUserId: a.users.CONSULTANT.id, bytes: new Uint8Array(png), filename: "ruth.png" });
    expect(report).toMatchObject({ status: "SCANNING", verdict: null, incidentId: null });
    const row = await db().groupReport.findFirstOrThrow({ where: { id: report.id, orgId: a.org.id } });
    expect(row).toMatchObject({ source: "SCREENSHOT", textCipher: null, ocrEnqueuedAt: null, screenshotKey: `${a.org.id}/group-reports/${report.id}` });
    const file = await getGroupScreenshot(a.ctx.COMPLIANCE_OFFICER, { reportId: report.id });
    expect(file.mime).toBe("image/png");
    expect(Buffer.from(file.bytes).toString("latin1")).not.toContain("Adeyemi");
    await expectAppError(getGroupScreenshot(a.ctx.STAFF, { reportId: report.id }), "FORBIDDEN");
    // Officers hear of it only once it is read: nothing yet.
    expect(await db().notification.count({ where: { orgId: a.org.id, kind: "group_report", createdAt: { gte: row.createdAt } } })).toBe(0);
    await expectAppError(resolveGroupReport(a.ctx.COMPLIANCE_OFFICER, { reportId: report.id }), "CONFLICT");

    const redis: Redis = createProducerRedis(baseEnv().REDIS_URL);
    const prefix = `vetted-test-groups-${report.id.slice(0, 8)}`;
    const producer: Producer = createProducer(redis, { prefix });
    try {
      const swept = await dispatchPendingGroupOcr({ producer });
      expect(swept.dispatched).toBeGreaterThanOrEqual(1);
      expect((await db().groupReport.findFirstOrThrow({ where: { id: report.id, orgId: a.org.id } })).ocrEnqueuedAt).not.toBeNull();
      const job = await producer.queue("groups").getJob(`groups-ocr-${report.id}`);
      expect(job?.data).toEqual({ orgId: a.org.id, reportId: report.id });
      // A second sweep does not queue it again.
      const again = await dispatchPendingGroupOcr({ producer });
      expect(again.dispatched).toBe(0);
    } finally {
      await producer.queue("groups").obliterate({ force: true });
      await producer.close();
      redis.disconnect();
    }
  });

  it("refuses a file that is not an image, naming the screenshot field, and stores nothing", async () => {
    const files = await media.files();
    const error = await expectAppError(reportGroupPost(a.ctx.STAFF, { groupName: "G", channel: "PRIVATE_GROUP", authorName: "X", bytes: new Uint8Array(Buffer.from("%PDF-1.4 not an image")) }), "VALIDATION");
    expect((error as unknown as { fields: Record<string, string[]> }).fields.screenshot).toBeDefined();
    expect(await media.files()).toBe(files);
  });
});

describe("tenant isolation", () => {
  it("another org's members can neither read nor change org A's reports, notes or incidents", async () => {
    const { report } = await pasted(a, PHI_TEXT);
    const incidentId = report.incidentId!;
    const before = await db().groupReport.findFirstOrThrow({ where: { id: report.id, orgId: a.org.id } });
    for (const ctx of Object.values(b.ctx)) {
      const reviewer = ctx.role === "COMPLIANCE_OFFICER" || ctx.role === "ADMIN";
      const expected = reviewer ? "NOT_FOUND" : "FORBIDDEN";
      await expectAppError(getGroupReport(ctx, { reportId: report.id }), expected);
      await expectAppError(getGroupScreenshot(ctx, { reportId: report.id }), expected);
      await expectAppError(resolveGroupReport(ctx, { reportId: report.id }), expected);
      await expectAppError(sendCoachingNote(ctx, { reportId: report.id, employeeId: ctx.user.id, text: "intruder" }), expected);
      await expectAppError(openIncident(ctx, { reportId: report.id }), expected);
      await expectAppError(getIncident(ctx, { incidentId }), expected);
      const listed = await listGroupReports(ctx);
      expect(listed.items.map((i) => i.id)).not.toContain(report.id);
    }
    // An envelope moved into another org's row does not open: the AAD names org and row.
    expect(groupAad("group-report", a.org.id, report.id, "text")).not.toBe(groupAad("group-report", b.org.id, report.id, "text"));
    expect(await db().groupReport.findFirstOrThrow({ where: { id: report.id, orgId: a.org.id } })).toEqual(before);
    expect(await db().coachingNote.count({ where: { orgId: b.org.id } })).toBe(0);
  });
});
