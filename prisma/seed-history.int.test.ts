// The demo history against the real database: created once per org (a second run adds nothing), the
// same counts for the same plan, and no post in a state its rows do not support.
import { db, disconnectDb, type Post } from "@vetted/db";
import { directIdentifierOf, verifyAuditChain } from "@vetted/domain";
import { createOrgWithMembers, type TestOrg } from "@vetted/domain/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HISTORY_MARKER, seedOrgHistory, type HistoryOrg } from "./seed-history";

const DAY = 86_400_000;
let a: TestOrg;
let b: TestOrg;
const historyOf = (t: TestOrg): HistoryOrg => ({ id: t.org.id, kind: "HOSPITAL", posts: 120, authorIds: [t.users.CONSULTANT.id, t.users.ADMIN.id] });

async function counts(orgId: string) {
  const where = { orgId };
  const [posts, revisions, scans, findings, approvals, overrides, handoffs, comments, audit, states] = await Promise.all([
    db().post.count({ where }), db().postRevision.count({ where }), db().scanJob.count({ where }), db().finding.count({ where }),
    db().approval.count({ where }), db().findingOverride.count({ where }), db().publishHandoff.count({ where }), db().postComment.count({ where }),
    db().auditEvent.count({ where: { orgId, actorLabel: "seed" } }),
    db().post.groupBy({ by: ["state"], where, _count: { _all: true }, orderBy: { state: "asc" } }),
  ]);
  return { posts, revisions, scans, findings, approvals, overrides, handoffs, comments, audit, states: states.map((s) => `${s.state}:${s._count._all}`) };
}

beforeAll(async () => {
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
});

// These posts are real rows the schedule tick of other test files would see (it reads every org).
afterAll(async () => {
  const where = { orgId: { in: [a.org.id, b.org.id] } };
  await db().findingOverride.deleteMany({ where });
  await db().approval.deleteMany({ where });
  await db().finding.deleteMany({ where });
  await db().scanJob.deleteMany({ where });
  await db().publishHandoff.deleteMany({ where });
  await db().postComment.deleteMany({ where });
  await db().post.deleteMany({ where });
  await disconnectDb();
});

describe("the demo history seed", () => {
  it("creates an org's history once: run again, it adds nothing", { timeout: 120_000 }, async () => {
    const made = await seedOrgHistory(historyOf(a), a.users.COMPLIANCE_OFFICER.id);
    const first = await counts(a.org.id);
    expect(made).not.toBeNull();
    expect(first).toMatchObject({ ...made, audit: 121 });
    expect(first.posts).toBe(120);
    expect(await seedOrgHistory(historyOf(a), a.users.COMPLIANCE_OFFICER.id)).toBeNull();
    expect(await counts(a.org.id)).toEqual(first);
    expect(await db().auditEvent.count({ where: { orgId: a.org.id, action: HISTORY_MARKER } })).toBe(1);
    expect((await verifyAuditChain(a.org.id)).ok).toBe(true);

    // A fresh org with the same plan gets the same numbers: the history is deterministic.
    await seedOrgHistory(historyOf(b), b.users.COMPLIANCE_OFFICER.id);
    expect(await counts(b.org.id)).toEqual(first);
  });

  it("leaves every post in a state its revisions, scans and decisions support", async () => {
    const orgId = a.org.id;
    const now = Date.now();
    const [posts, revisions, scans, approvals, findings, overrides, handoffs] = await Promise.all([
      db().post.findMany({ where: { orgId } }), db().postRevision.findMany({ where: { orgId } }), db().scanJob.findMany({ where: { orgId } }),
      db().approval.findMany({ where: { orgId } }), db().finding.findMany({ where: { orgId } }), db().findingOverride.findMany({ where: { orgId } }),
      db().publishHandoff.findMany({ where: { orgId } }),
    ]);
    const current = (p: Post) => revisions.find((r) => r.postId === p.id && r.number === p.currentRevision)!;
    for (const p of posts) {
      const mine = revisions.filter((r) => r.postId === p.id).map((r) => r.number).sort();
      expect(mine, p.title).toEqual(Array.from({ length: p.currentRevision }, (_, i) => i + 1));
      const rev = current(p);
      const scan = scans.find((s) => s.revisionId === rev.id);
      const decisions = approvals.filter((x) => x.revisionId === rev.id);
      if (p.state === "DRAFT") {
        // Never submitted: nothing was scanned (a scan job is written by the submit).
        expect(scans.filter((s) => s.postId === p.id)).toEqual([]);
        continue;
      }
      expect(scan?.status, p.state).toBe("SUCCEEDED");
      expect(scan!.finishedAt!.getTime()).toBeGreaterThan(scan!.startedAt!.getTime());
      expect(p.createdAt.getTime()).toBeLessThanOrEqual(scan!.createdAt.getTime());
      for (const d of decisions) expect(d.createdAt.getTime()).toBeGreaterThan(scan!.finishedAt!.getTime());
      const expected = { IN_REVIEW: [], EXPIRED: [], CHANGES_REQUESTED: ["REQUEST_CHANGES"], REJECTED: ["REJECT"], APPROVED: ["APPROVE"], SCHEDULED: ["APPROVE"], PUBLISHED: ["APPROVE"] }[p.state as string];
      expect(decisions.map((d) => d.decision), `${p.state} ${p.title}`).toEqual(expected);
      if (p.state === "IN_REVIEW") expect(p.scheduledAt === null || p.scheduledAt.getTime() > now).toBe(true);
      if (p.state === "SCHEDULED") expect(p.scheduledAt!.getTime()).toBeGreaterThan(now);
      if (p.state === "EXPIRED") expect(p.scheduledAt!.getTime()).toBeLessThan(now);
      if (p.state === "PUBLISHED") {
        const mine = handoffs.filter((h) => h.postId === p.id);
        expect(mine.map((h) => h.channel).sort()).toEqual([...p.channels].sort());
        expect(mine.every((h) => h.revisionId === rev.id && h.handedOffAt.getTime() < now && h.handedOffAt > p.scheduledAt!)).toBe(true);
      }
      const approval = decisions.find((d) => d.decision === "APPROVE");
      if (approval) {
        // Every blocking finding of an approved revision has the officer's written reason, and none is a direct identifier.
        const blocking = findings.filter((f) => f.revisionId === rev.id && f.blocking);
        const covered = overrides.filter((o) => o.approvalId === approval.id).map((o) => o.findingId).sort();
        expect(covered).toEqual(blocking.map((f) => f.id).sort());
        expect(blocking.filter((f) => directIdentifierOf(f))).toEqual([]);
        expect(approval.overrideJustification !== null).toBe(blocking.length > 0);
      }
    }
    // What the dashboards need to mean something: spread, rework, risk, overrides, overdue reviews.
    const oldest = Math.min(...posts.map((p) => p.createdAt.getTime()));
    expect(oldest).toBeLessThan(now - 150 * DAY);
    expect(posts.filter((p) => p.currentRevision >= 2).length).toBeGreaterThan(5);
    expect(posts.some((p) => p.currentRevision === 3)).toBe(true);
    expect(findings.filter((f) => f.blocking).length).toBeGreaterThan(10);
    expect(overrides.length).toBeGreaterThan(0);
    expect(overrides.every((o) => o.justification.length >= 10)).toBe(true);
    expect(posts.filter((p) => p.state === "IN_REVIEW" && p.updatedAt.getTime() < now - 2 * DAY).length).toBeGreaterThan(0);
    expect(new Set(posts.map((p) => p.state)).size).toBe(8);
  });
});
