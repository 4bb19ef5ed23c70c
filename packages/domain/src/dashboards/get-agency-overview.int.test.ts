import { db, scopedDb, TenantScopeError } from "@vetted/db";
import { addMember, createUser } from "@vetted/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consentInput } from "../consents/consent-test-helpers";
import { uploadConsent } from "../consents/upload-consent";
import { approveTestVersion, rosterCsv } from "../policy/ack-test-helpers";
import { importRoster } from "../policy/import-roster";
import { createOrgWithMembers, tempMediaDir, testPasswordHash, type TestOrg } from "../testing";
import { getAgencyOverview } from "./get-agency-overview";
import { getClientOverview } from "./get-client-overview";
import { commentsOf, daysFrom, hoursFrom, incidentAbout, postIn, scannedRevision, signAcknowledgements } from "./overview-test-helpers";
import { currentDailyStats, FINAL_AFTER_MS, refreshDailyStats, refreshOrgDailyStats } from "./refresh-daily-stats";
import { dayStart, statsWindow } from "./stats-window";

// The agency overview against real PostgreSQL: two orgs with known rows, a member of one never sees
// the other's, and every figure is what the fixture put there.

let a: TestOrg;
let b: TestOrg;
let media: Awaited<ReturnType<typeof tempMediaDir>>;
const now = new Date();

beforeAll(async () => {
  media = await tempMediaDir("overview");
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);

  // Org A. Posts: 3 waiting, 2 of them overdue (waiting 3 days; scheduled in 2 hours).
  await postIn(a, "IN_REVIEW");
  await postIn(a, "IN_REVIEW", { updatedAt: daysFrom(now, -3) });
  await postIn(a, "IN_REVIEW", { scheduledAt: hoursFrom(now, 2) });
  await postIn(a, "DRAFT", { updatedAt: daysFrom(now, -5) });
  // Scans in the 12 weeks: 3, of which 2 had a blocking finding; a failed, a pending and an old one do not count.
  await scannedRevision(a, { finishedAt: now, findings: [{ type: "NAME", blocking: true }, { type: "DATE" }] });
  await scannedRevision(a, { finishedAt: now, findings: [{ type: "DATE" }] });
  await scannedRevision(a, { finishedAt: daysFrom(now, -10), findings: [{ type: "MRN", blocking: true }, { type: "NAME", dismissed: true }] });
  await scannedRevision(a, { finishedAt: daysFrom(now, -100), findings: [{ type: "SSN", blocking: true }] });
  await scannedRevision(a, { finishedAt: now, status: "FAILED" });
  await scannedRevision(a, { finishedAt: null, status: "PENDING" });
  // Comments: 2 hidden now (a third was deleted), 2 past their first-response deadline.
  const [, , c3, c4, c5] = await commentsOf(a, [
    { status: "HIDDEN_PENDING_REVIEW", hidden: true, dueInHours: -1 },
    { status: "RESOLVED", hidden: true, dueInHours: -3, responded: true },
    { status: "RESOLVED", hidden: true, deleted: true },
    { status: "NEW", needsReview: true, dueInHours: -0.2 },
    { status: "NEEDS_REPLY", dueInHours: 1 },
  ], now);
  // Incidents: open, assessed (still open) and closed.
  await incidentAbout(a, c3!.id, "OPEN", now);
  await incidentAbout(a, c4!.id, "ASSESSED", now);
  await incidentAbout(a, c5!.id, "CLOSED", now);
  // Consents: 2 of 3 end within 30 days.
  for (const days of [10, 29, 45]) await uploadConsent(a.ctx.ADMIN, consentInput({ expiresAt: daysFrom(now, days).toISOString() }));
  // Policy: 2 imported people plus the 4 members must acknowledge; 2 have.
  await importRoster(a.ctx.ADMIN, { csv: rosterCsv([["Ana Diaz", "ana.overview@example.org", "Front desk", "Receptionist"], ["Bo Li", "bo.overview@example.org", "Clinical", "Hygienist"]]) });
  const { version } = await approveTestVersion(a, { effectiveAt: daysFrom(now, -1), now: daysFrom(now, -1) });
  await signAcknowledgements(a, version.id, 2, now);

  // Org B: busier, so any leak into A's figures would show. No policy approved.
  for (let i = 0; i < 4; i++) await postIn(b, "IN_REVIEW", { updatedAt: daysFrom(now, -5) });
  for (let i = 0; i < 2; i++) await scannedRevision(b, { finishedAt: now, findings: [{ type: "SSN", blocking: true }] });
  const [b1] = await commentsOf(b, Array.from({ length: 3 }, () => ({ status: "HIDDEN_PENDING_REVIEW" as const, hidden: true, dueInHours: -1 })), now);
  await incidentAbout(b, b1!.id, "OPEN", now);
  await uploadConsent(b.ctx.ADMIN, consentInput({ expiresAt: daysFrom(now, 3).toISOString() }));
});

afterAll(() => media.close());

describe("getAgencyOverview", () => {
  it("shows a member of one org that org only, with the fixture's figures", async () => {
    const { clients } = await getAgencyOverview(a.users.ADMIN.id, now);
    expect(clients.map((c) => c.org.id)).toEqual([a.org.id]);
    const [row] = clients;
    expect(row).toMatchObject({
      role: "ADMIN",
      posts: { waiting: 3, overdue: 2 },
      comments: { hidden: 2, slaBreaches: 2 },
      incidentsOpen: 2,
      consentsExpiring: 2,
      coverage: { percent: 33, acknowledged: 2, people: 6, versionNumber: 1 },
    });
    expect(row!.scans).toMatchObject({ scanned: 3, blocked: 2, blockedPercent: 67 });
    expect(row!.scans.findingsByType).toEqual([{ type: "DATE", count: 2 }, { type: "NAME", count: 2 }, { type: "MRN", count: 1 }]);
    const trend = row!.scans.trend;
    expect(trend).toHaveLength(12);
    expect(trend[10]).toMatchObject({ scanned: 1, blocked: 1, blockedPercent: 100 });
    expect(trend[11]).toMatchObject({ scanned: 2, blocked: 1, blockedPercent: 50, end: statsWindow(now).today });
    expect(trend.slice(0, 10).every((w) => w.scanned === 0 && w.blockedPercent === null)).toBe(true);
    // 2 incidents × 5, 2 overdue reviews × 3, 2 breaches × 3, coverage 33% → 6 steps, 2 consents × 1.
    expect(row!.attention).toEqual({
      score: 10 + 6 + 6 + 6 + 2,
      reasons: ["2 incidents open", "2 reviews overdue", "2 comments past their response deadline", "policy acknowledged by 33% (target 90%)", "2 consents expire within 30 days"],
      summary: "2 incidents open · 2 reviews overdue · 2 comments past their response deadline · policy acknowledged by 33% (target 90%) · 2 consents expire within 30 days",
    });
  });

  it("shows the other org's admin their org only: none of A's rows in B's figures", async () => {
    const { clients } = await getAgencyOverview(b.users.ADMIN.id, now);
    expect(clients.map((c) => c.org.id)).toEqual([b.org.id]);
    expect(clients[0]).toMatchObject({
      posts: { waiting: 4, overdue: 4 }, comments: { hidden: 3, slaBreaches: 3 }, incidentsOpen: 1, consentsExpiring: 1,
      coverage: { percent: null, versionNumber: null },
      scans: { scanned: 2, blocked: 2, blockedPercent: 100, findingsByType: [{ type: "SSN", count: 2 }] },
    });
  });

  it("gives someone in both orgs a row each, in their role there, the one needing more attention first", async () => {
    const user = await createUser({ passwordHash: await testPasswordHash() });
    await addMember(a.org.id, user.id, "CONSULTANT");
    await addMember(b.org.id, user.id, "STAFF");
    const { clients } = await getAgencyOverview(user.id, now);
    // A as a consultant: 2 overdue × 3 + 2 breaches × 3 + 2 consents = 14; B as staff: 4 overdue × 3 + 1 consent = 13.
    expect(clients.map((c) => [c.org.id, c.role, c.attention.score])).toEqual([[a.org.id, "CONSULTANT", 14], [b.org.id, "STAFF", 13]]);
    // What the role does not cover is not counted: incidents and coverage for the consultant, comments for staff too.
    expect(clients[0]).toMatchObject({ incidentsOpen: null, coverage: null, comments: { hidden: 2, slaBreaches: 2 }, consentsExpiring: 2 });
    expect(clients[1]).toMatchObject({ incidentsOpen: null, coverage: null, comments: null, consentsExpiring: 1, posts: { waiting: 4, overdue: 4 } });
    // Both rows' scans come from one rollup statement for the two orgs: each its own.
    expect(clients.map((c) => [c.scans.scanned, c.scans.blocked, c.scans.findingsByType[0]])).toEqual([[3, 2, { type: "DATE", count: 2 }], [2, 2, { type: "SSN", count: 2 }]]);
  });

  it("is empty for someone in no org", async () => {
    const loner = await createUser({ passwordHash: await testPasswordHash() });
    expect((await getAgencyOverview(loner.id, now)).clients).toEqual([]);
  });
});

describe("the daily rollup", () => {
  it("holds 84 days per org; once written, a past day is final and only today is refreshed", async () => {
    const window = statsWindow(now);
    expect(await db().orgDailyStats.count({ where: { orgId: a.org.id, day: { gte: dayStart(window.first) } } })).toBe(84);
    const past = await db().orgDailyStats.findFirstOrThrow({ where: { orgId: a.org.id, day: dayStart(window.days[73]!) } });
    expect(past).toMatchObject({ revisionsScanned: 1, revisionsBlocked: 1, findingsByType: { MRN: 1, NAME: 1 } });
    // Yesterday's row, written within FINAL_AFTER_MS of midnight (a run just after it), is not final yet either.
    const yesterdayOpen = now.getTime() < dayStart(window.today).getTime() + FINAL_AFTER_MS;
    expect(await refreshOrgDailyStats(a.ctx.ADMIN, now)).toBe(yesterdayOpen ? 2 : 1);
    expect((await db().orgDailyStats.findFirstOrThrow({ where: { orgId: a.org.id, day: past.day } })).refreshedAt).toEqual(past.refreshedAt);
  });

  it("rewrites a day's row only when its figures changed (or the write makes the day final)", async () => {
    const c = await createOrgWithMembers();
    const today = dayStart(statsWindow(now).today);
    await refreshOrgDailyStats(c.ctx.ADMIN, now);
    const before = await db().orgDailyStats.findFirstOrThrow({ where: { orgId: c.org.id, day: today } });
    await refreshOrgDailyStats(c.ctx.ADMIN, new Date(now.getTime() + 1_000));
    expect((await db().orgDailyStats.findFirstOrThrow({ where: { orgId: c.org.id, day: today } })).refreshedAt).toEqual(before.refreshedAt);
    await scannedRevision(c, { finishedAt: now, findings: [{ type: "EMAIL", blocking: false }] });
    const later = new Date(now.getTime() + 2_000);
    await refreshOrgDailyStats(c.ctx.ADMIN, later);
    const after = await db().orgDailyStats.findFirstOrThrow({ where: { orgId: c.org.id, day: today } });
    expect(after).toMatchObject({ revisionsScanned: before.revisionsScanned + 1, refreshedAt: later });
    expect(after.findingsByType).toMatchObject({ EMAIL: 1 });
  });

  it("brings several orgs up to date in one statement, each from its own first open day", async () => {
    const [c1, c2] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
    const window = statsWindow(now);
    await scannedRevision(c1, { finishedAt: daysFrom(now, -5), findings: [{ type: "NAME", blocking: true }, { type: "DATE" }] });
    const first = await currentDailyStats([c1.ctx.ADMIN, c2.ctx.ADMIN], now);
    expect([first.get(c1.org.id)!.length, first.get(c2.org.id)!.length]).toEqual([84, 84]);
    expect(first.get(c1.org.id)!.find((d) => d.day === window.days[78])).toMatchObject({ revisionsScanned: 1, revisionsBlocked: 1, findingsByType: { NAME: 1, DATE: 1 } });
    expect(first.get(c2.org.id)!.every((d) => d.revisionsScanned === 0)).toBe(true);
    await scannedRevision(c2, { finishedAt: now, findings: [{ type: "EMAIL" }] });
    const again = await currentDailyStats([c2.ctx.ADMIN, c1.ctx.ADMIN], new Date(now.getTime() + 1_000));
    expect(again.get(c2.org.id)!.at(-1)).toMatchObject({ day: window.today, revisionsScanned: 1, revisionsBlocked: 0, findingsByType: { EMAIL: 1 } });
    expect(again.get(c1.org.id)).toEqual(first.get(c1.org.id));
    expect(await currentDailyStats([], now)).toEqual(new Map());
  });

  it("counts a scan finished today at the next look, and keeps it in its org", async () => {
    await scannedRevision(a, { finishedAt: now, findings: [{ type: "PHONE", blocking: true }] });
    const row = await getClientOverview(a.ctx.CONSULTANT, now);
    expect(row.scans).toMatchObject({ scanned: 4, blocked: 3, blockedPercent: 75 });
    expect(row.scans.findingsByType).toContainEqual({ type: "PHONE", count: 1 });
    expect((await getClientOverview(b.ctx.ADMIN, now)).scans).toMatchObject({ scanned: 2, findingsByType: [{ type: "SSN", count: 2 }] });
  });

  it("is brought up to date for every org by the worker's sweep", async () => {
    const c = await createOrgWithMembers();
    await scannedRevision(c, { finishedAt: daysFrom(now, -1), findings: [{ type: "NAME", blocking: true }] });
    const swept = await refreshDailyStats(now);
    expect(swept.orgs).toBeGreaterThanOrEqual(3);
    const window = statsWindow(now);
    expect(await db().orgDailyStats.count({ where: { orgId: c.org.id, day: { gte: dayStart(window.first) } } })).toBe(84);
    expect(await db().orgDailyStats.findFirstOrThrow({ where: { orgId: c.org.id, day: dayStart(window.days[82]!) } })).toMatchObject({ revisionsScanned: 1, revisionsBlocked: 1, findingsByType: { NAME: 1 } });
  });

  it("is tenant-owned: unscoped reads are refused, a scoped client sees its org's rows only", async () => {
    await expect(db().orgDailyStats.findMany({ where: {} })).rejects.toThrow(TenantScopeError);
    const rows = await scopedDb(b.org.id).orgDailyStats.findMany({ where: {} });
    expect(rows.length).toBeGreaterThanOrEqual(84);
    expect(rows.every((r) => r.orgId === b.org.id)).toBe(true);
  });
});
