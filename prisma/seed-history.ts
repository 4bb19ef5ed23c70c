// Demo history (issue 16): a few hundred posts over the last six months across the demo orgs, so the
// dashboards and reports have something to show. The plan (seed-history-plan.ts) says which posts,
// states, revisions, decisions and times; every submitted revision is scanned here by the real text
// scanner, through the domain's scanTextRevisions (the worker's scan and blocking rule), and stored as
// a SUCCEEDED ScanJob with its Finding rows at the backdated time. Decisions are the demo officer's;
// approvals over blocking findings carry a FindingOverride per finding with a written reason.
// One transaction per org, ending with an audit event per post and one summary event (actor "seed",
// the current time); that summary is also the marker: an org that has it is skipped, so running the
// seed again adds nothing.
import { randomUUID } from "node:crypto";
import { db, type Prisma } from "@vetted/db";
import { directIdentifierOf, recordAuditEvents, scanTextRevisions, type AuditEventInput, type FindingRow, type TextRevisionScan } from "@vetted/domain";
import { planHistory, type PlannedPost } from "./seed-history-plan";
import type { OrgKind } from "./seed-history-templates";

export const HISTORY_MARKER = "seed.history_created";
/** The PRNG seed of the demo history: change it and every org gets a different (but again stable) history. */
export const HISTORY_SEED = 16;

export interface HistoryOrg {
  id: string;
  kind: OrgKind;
  /** How many posts to create. */
  posts: number;
  /** Members who write posts (consultants, admins); the first writes about four in five. */
  authorIds: string[];
}

export interface HistoryCounts {
  posts: number;
  revisions: number;
  scans: number;
  findings: number;
  approvals: number;
  overrides: number;
  handoffs: number;
  comments: number;
}

/** Why an approval over blocking findings is recorded when the plan did not expect one (the scanner changed). */
const FALLBACK_OVERRIDE = { code: "NOT_PHI_IN_CONTEXT" as const, justification: "Reviewed in context: nothing here identifies a patient." };

interface Rows {
  posts: Prisma.PostCreateManyInput[];
  revisions: Prisma.PostRevisionCreateManyInput[];
  scanJobs: Prisma.ScanJobCreateManyInput[];
  findings: (FindingRow & { id: string })[];
  approvals: Prisma.ApprovalCreateManyInput[];
  overrides: Prisma.FindingOverrideCreateManyInput[];
  handoffs: Prisma.PublishHandoffCreateManyInput[];
  comments: Prisma.PostCommentCreateManyInput[];
  audits: AuditEventInput[];
}

/** Seeds one org's history unless it is there already; returns what was created (all zero when skipped). */
export async function seedOrgHistory(org: HistoryOrg, officerId: string, opts: { seed?: number; now?: Date } = {}): Promise<HistoryCounts | null> {
  const done = await db().auditEvent.findFirst({ where: { orgId: org.id, action: HISTORY_MARKER }, select: { id: true } });
  if (done) return null;
  const now = opts.now ?? new Date();
  // The org's own stream: two orgs of one kind still get different histories.
  const seed = (opts.seed ?? HISTORY_SEED) * 1_000 + org.kind.length * 7 + org.posts;
  const plan = planHistory(seed, org.kind, org.posts, org.authorIds.length, now);
  const ids = plan.map((p) => ({ post: randomUUID(), revisions: p.revisions.map(() => randomUUID()) }));
  const submitted = plan.flatMap((p, i) => p.revisions.flatMap((r, j) => (r.scan ? [{ id: ids[i]!.revisions[j]!, postId: ids[i]!.post, text: r.text }] : [])));
  // Scanned before the transaction, as the worker scans outside one.
  const scans = await scanTextRevisions(org.id, submitted);
  const rows = buildRows(org, officerId, plan, ids, scans);
  await db().$transaction(async (tx) => {
    // In foreign-key order; the tenant guard refuses an empty createMany (no row names the org).
    if (rows.posts.length) await tx.post.createMany({ data: rows.posts });
    if (rows.revisions.length) await tx.postRevision.createMany({ data: rows.revisions });
    if (rows.scanJobs.length) await tx.scanJob.createMany({ data: rows.scanJobs });
    if (rows.findings.length) await tx.finding.createMany({ data: rows.findings });
    if (rows.approvals.length) await tx.approval.createMany({ data: rows.approvals });
    if (rows.overrides.length) await tx.findingOverride.createMany({ data: rows.overrides });
    if (rows.handoffs.length) await tx.publishHandoff.createMany({ data: rows.handoffs });
    if (rows.comments.length) await tx.postComment.createMany({ data: rows.comments });
    await recordAuditEvents(tx, [...rows.audits, {
      orgId: org.id, actorId: null, actorLabel: "seed", action: HISTORY_MARKER, targetType: "Organization", targetId: org.id,
      metadata: { ...countsOf(rows), seed, states: stateCounts(plan) },
    }]);
  }, { timeout: 120_000, maxWait: 20_000 });
  return countsOf(rows);
}

function countsOf(rows: Rows): HistoryCounts {
  return {
    posts: rows.posts.length, revisions: rows.revisions.length, scans: rows.scanJobs.length, findings: rows.findings.length,
    approvals: rows.approvals.length, overrides: rows.overrides.length, handoffs: rows.handoffs.length, comments: rows.comments.length,
  };
}

/** "PUBLISHED:49 SCHEDULED:8 …" (audit metadata holds strings, not objects). */
const stateCounts = (plan: PlannedPost[]) => {
  const counts = new Map<string, number>();
  for (const p of plan) counts.set(p.state, (counts.get(p.state) ?? 0) + 1);
  return [...counts].sort().map(([s, n]) => `${s}:${n}`).join(" ");
};

function buildRows(org: HistoryOrg, officerId: string, plan: PlannedPost[], ids: { post: string; revisions: string[] }[], scans: Map<string, TextRevisionScan>): Rows {
  const rows: Rows = { posts: [], revisions: [], scanJobs: [], findings: [], approvals: [], overrides: [], handoffs: [], comments: [], audits: [] };
  const orgId = org.id;
  plan.forEach((p, i) => {
    const postId = ids[i]!.post;
    const authorId = org.authorIds[p.author]!;
    rows.posts.push({ id: postId, orgId, authorId, title: p.title, state: p.state, channels: p.channels, scheduledAt: p.scheduledAt, currentRevision: p.revisions.length, createdAt: p.createdAt, updatedAt: p.updatedAt });
    p.revisions.forEach((r, j) => {
      const revisionId = ids[i]!.revisions[j]!;
      rows.revisions.push({ id: revisionId, orgId, postId, number: r.number, text: r.text, channelTexts: {}, mediaIds: [], createdById: authorId, createdAt: r.createdAt });
      if (!r.scan) return;
      const scan = scans.get(revisionId)!;
      rows.scanJobs.push({
        orgId, postId, revisionId, status: "SUCCEEDED", attempts: 1, verdict: scan.verdict, reasons: scan.reasons, faces: 0,
        createdAt: r.scan.submittedAt, enqueuedAt: r.scan.submittedAt, startedAt: new Date(r.scan.submittedAt.getTime() + 250), finishedAt: r.scan.scannedAt,
      });
      const findings = scan.findings.map((f) => ({ ...f, id: randomUUID() }));
      rows.findings.push(...findings);
      if (!r.decision) return;
      const blocking = findings.filter((f) => f.blocking);
      const override = r.decision.decision === "APPROVE" && blocking.length ? (r.decision.override ?? FALLBACK_OVERRIDE) : null;
      const approvalId = randomUUID();
      rows.approvals.push({
        id: approvalId, orgId, postId, revisionId, step: 0, approverId: officerId, decision: r.decision.decision, comment: r.decision.comment,
        overrideJustification: override?.justification ?? null, createdAt: r.decision.at,
      });
      for (const f of override ? blocking : []) {
        // The app refuses to approve over these unless the org's policy allows it; the demo policy does not.
        if (directIdentifierOf(f)) throw new Error(`seed-history: a planned override covers a ${f.type} finding (${f.recognizer}): choose another template`);
        rows.overrides.push({ orgId, approvalId, findingId: f.id, reasonCode: override!.code, justification: override!.justification, createdAt: r.decision.at });
      }
    });
    const last = p.revisions.at(-1)!;
    if (p.publishedAt) {
      p.channels.forEach((channel, k) => rows.handoffs.push({ orgId, postId, revisionId: ids[i]!.revisions[last.number - 1]!, channel, publisher: "recording", handedOffAt: new Date(p.publishedAt!.getTime() + 1_000 * (k + 1)) }));
    }
    for (const c of p.comments) rows.comments.push({ orgId, postId, authorId: c.byOfficer ? officerId : authorId, body: c.body, createdAt: c.at });
    rows.audits.push({
      orgId, actorId: null, actorLabel: "seed", action: "post.created", targetType: "Post", targetId: postId,
      metadata: { seededHistory: true, backdatedTo: p.createdAt.toISOString(), state: p.state, revisions: p.revisions.length, channels: p.channels },
    });
  });
  return rows;
}
