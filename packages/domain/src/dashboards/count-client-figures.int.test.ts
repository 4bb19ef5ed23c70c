import { db, scopedDb } from "@vetted/db";
import { afterAll, beforeAll, expect, it } from "vitest";
import { consentInput } from "../consents/consent-test-helpers";
import { expiringSoonWhere } from "../consents/search-consents";
import { uploadConsent } from "../consents/upload-consent";
import { slaBreachedWhere } from "../moderation/comment-sla";
import { DUE_SOON_MS, OVERDUE_AFTER_MS, overduePostsWhere, waitingPostsWhere } from "../posts/count-waiting-posts";
import { createOrgWithMembers, tempMediaDir, type TestOrg } from "../testing";
import { countClientFigures } from "./count-client-figures";
import { commentsOf, daysFrom, hoursFrom, incidentAbout, postIn } from "./overview-test-helpers";

// The overview's counts are one raw statement (count-client-figures.ts); the rest of the app counts the
// same things with Prisma wheres. On rows either side of every boundary, both must give the same
// numbers, so a change to one of those wheres that the SQL does not follow fails here.

let a: TestOrg;
let b: TestOrg;
let media: Awaited<ReturnType<typeof tempMediaDir>>;
const now = new Date();
const MIN = 60_000;
const all = { comments: true, incidents: true, consents: true };

async function fill(org: TestOrg, copies: number) {
  for (let i = 0; i < copies; i++) {
    // Posts: waiting just under and over 48 hours, scheduled just inside and outside 24 hours, in the past, not waiting.
    await postIn(org, "IN_REVIEW", { updatedAt: new Date(now.getTime() - OVERDUE_AFTER_MS + MIN) });
    await postIn(org, "IN_REVIEW", { updatedAt: new Date(now.getTime() - OVERDUE_AFTER_MS - MIN) });
    await postIn(org, "IN_REVIEW", { scheduledAt: new Date(now.getTime() + DUE_SOON_MS - MIN) });
    await postIn(org, "IN_REVIEW", { scheduledAt: new Date(now.getTime() + DUE_SOON_MS + MIN) });
    await postIn(org, "IN_REVIEW", { scheduledAt: hoursFrom(now, -3) });
    await postIn(org, "DRAFT", { updatedAt: daysFrom(now, -9), scheduledAt: hoursFrom(now, 1) });
    await postIn(org, "APPROVED", { updatedAt: daysFrom(now, -9) });
  }
  // Comments: every status with and without review, hidden or deleted, answered or not, deadline passed or not.
  const comments = await commentsOf(org, [
    { status: "HIDDEN_PENDING_REVIEW", hidden: true, dueInHours: -1 },
    { status: "HIDDEN_PENDING_REVIEW", hidden: true, dueInHours: 1 },
    { status: "HIDDEN_PENDING_REVIEW", hidden: true, deleted: true, dueInHours: -1 },
    { status: "NEEDS_REPLY", dueInHours: -0.5 },
    { status: "NEEDS_REPLY", dueInHours: -0.5, responded: true },
    { status: "NEW", needsReview: true, dueInHours: -2 },
    { status: "NEW", needsReview: false, dueInHours: -2 },
    { status: "NEW", needsReview: true },
    { status: "RESOLVED", hidden: true, dueInHours: -3 },
    ...Array.from({ length: copies }, () => ({ status: "HIDDEN_PENDING_REVIEW" as const, hidden: true, dueInHours: -1 })),
  ], now);
  // Incidents: each state, one more open per copy.
  for (const [i, status] of (["OPEN", "ASSESSED", "CLOSED", ...Array.from({ length: copies }, () => "OPEN" as const)] as const).entries()) {
    await incidentAbout(org, comments[i]!.id, status, now);
  }
  // Consents: ending inside and outside 30 days (one more inside per copy), already ended, with no end, and one revoked.
  for (const days of [1, 29.9, 30.1, 45, ...Array.from({ length: copies }, () => 10)]) {
    await uploadConsent(org.ctx.ADMIN, consentInput({ expiresAt: daysFrom(now, days).toISOString() }));
  }
  await uploadConsent(org.ctx.ADMIN, consentInput({}));
  const revoked = await uploadConsent(org.ctx.ADMIN, consentInput({ expiresAt: daysFrom(now, 5).toISOString() }));
  await scopedDb(org.org.id).consent.update({ where: { id: revoked.consent.id }, data: { status: "REVOKED", revokedAt: now } });
  const ended = await uploadConsent(org.ctx.ADMIN, consentInput({ expiresAt: daysFrom(now, 2).toISOString() }));
  await scopedDb(org.org.id).consent.update({ where: { id: ended.consent.id }, data: { expiresAt: daysFrom(now, -1) } });
}

beforeAll(async () => {
  media = await tempMediaDir("client-figures");
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
  // B has more of everything: a leak into A's figures would show.
  await fill(a, 1);
  await fill(b, 3);
});

afterAll(() => media.close());

/** The same figures through the Prisma wheres the rest of the app uses. */
async function viaPrisma(org: TestOrg) {
  const s = scopedDb(org.org.id);
  const [waiting, overdue, hidden, slaBreaches, incidentsOpen, consentsExpiring] = await Promise.all([
    s.post.count({ where: waitingPostsWhere }),
    s.post.count({ where: overduePostsWhere(now) }),
    s.socialComment.count({ where: { hiddenAt: { not: null }, deletedAt: null } }),
    s.socialComment.count({ where: slaBreachedWhere(now) }),
    s.incident.count({ where: { status: { not: "CLOSED" } } }),
    s.consent.count({ where: expiringSoonWhere(now) }),
  ]);
  return { waiting, overdue, hidden, slaBreaches, incidentsOpen, consentsExpiring };
}

it("gives the counts of the app's own wheres, for each org its own, in one statement for both", async () => {
  const both = await countClientFigures([a, b].map((org) => ({ orgId: org.org.id, parts: all })), now);
  expect([...both.keys()].sort()).toEqual([a.org.id, b.org.id].sort());
  for (const org of [a, b]) {
    const expected = await viaPrisma(org);
    expect(both.get(org.org.id)).toEqual(expected);
    expect((await countClientFigures([{ orgId: org.org.id, parts: all }], now)).get(org.org.id)).toEqual(expected);
  }
  // Not vacuous: the fixture has some of each, and B more than A.
  const [fa, fb] = [await viaPrisma(a), await viaPrisma(b)];
  expect(fa).toEqual({ waiting: 5, overdue: 3, hidden: 4, slaBreaches: 4, incidentsOpen: 3, consentsExpiring: 3 });
  for (const key of Object.keys(fa) as (keyof typeof fa)[]) expect(fb[key]).toBeGreaterThan(fa[key]);
});

it("leaves out, as null, the parts not asked for, org by org", async () => {
  const none = { comments: false, incidents: false, consents: false };
  const figures = await countClientFigures([{ orgId: a.org.id, parts: none }, { orgId: b.org.id, parts: { comments: true, incidents: false, consents: true } }], now);
  expect(figures.get(a.org.id)).toEqual({ waiting: 5, overdue: 3, hidden: null, slaBreaches: null, incidentsOpen: null, consentsExpiring: null });
  const fb = await viaPrisma(b);
  expect(figures.get(b.org.id)).toEqual({ ...fb, incidentsOpen: null });
  expect(await db().post.count({ where: { orgId: a.org.id } })).toBeGreaterThan(0);
  expect(await countClientFigures([], now)).toEqual(new Map());
});
