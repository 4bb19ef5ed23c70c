import { randomUUID } from "node:crypto";
import { db } from "@vetted/db";
import { uniq } from "@vetted/db/testing";
import { connectTestAccount } from "../moderation/moderation-test-helpers";
import type { TestOrg } from "../testing";

// Rows for the agency overview's integration test (only test files import this module), written
// directly: the overview counts what the other features store, and each of those features tests how
// its rows come about.

const H = 3_600_000;
const D = 24 * H;

/**
 * A post in a state, with `updatedAt` and `scheduledAt` as given (the overdue rule reads both), and its
 * first revision as every real post has: the schedule tick of other test files (same database) reads it.
 */
export async function postIn(org: TestOrg, state: "DRAFT" | "IN_REVIEW" | "APPROVED", opts: { updatedAt?: Date; scheduledAt?: Date; withoutRevision?: boolean } = {}) {
  const post = await db().post.create({
    data: { orgId: org.org.id, authorId: org.users.CONSULTANT.id, title: uniq("post"), state, channels: ["FACEBOOK"], scheduledAt: opts.scheduledAt ?? null, ...(opts.updatedAt ? { updatedAt: opts.updatedAt } : {}) },
  });
  if (!opts.withoutRevision) await db().postRevision.create({ data: { orgId: org.org.id, postId: post.id, number: 1, text: "Flu shots on Saturday.", createdById: org.users.CONSULTANT.id } });
  return post;
}

export interface ScanSpec {
  finishedAt: Date | null;
  status?: "SUCCEEDED" | "FAILED" | "PENDING";
  findings?: { type: string; blocking?: boolean; dismissed?: boolean }[];
}

/** A revision of a new post, its scan and the scan's findings (types and flags only; no text). */
export async function scannedRevision(org: TestOrg, spec: ScanSpec) {
  const orgId = org.org.id;
  const post = await postIn(org, "APPROVED", { withoutRevision: true });
  const revision = await db().postRevision.create({ data: { orgId, postId: post.id, number: 1, text: "A harmless test text", mediaIds: [], createdById: org.users.CONSULTANT.id } });
  await db().scanJob.create({ data: { orgId, postId: post.id, revisionId: revision.id, status: spec.status ?? "SUCCEEDED", finishedAt: spec.finishedAt, verdict: "allow" } });
  for (const f of spec.findings ?? []) {
    await db().finding.create({
      data: {
        orgId, postId: post.id, revisionId: revision.id, source: "TEXT", type: f.type, start: 0, end: 1, box: [], score: 0.9, recognizer: "test", explanation: "test finding",
        blocking: f.blocking ?? false, ...(f.dismissed ? { dismissedAt: new Date(), dismissedById: org.users.COMPLIANCE_OFFICER.id } : {}),
      },
    });
  }
  return revision;
}

export interface CommentSpec {
  status: "NEW" | "HIDDEN_PENDING_REVIEW" | "NEEDS_REPLY" | "RESOLVED";
  hidden?: boolean;
  deleted?: boolean;
  needsReview?: boolean;
  /** Hours from now of the first-response deadline (negative: past). */
  dueInHours?: number;
  responded?: boolean;
}

export async function commentsOf(org: TestOrg, specs: CommentSpec[], now: Date) {
  const account = await connectTestAccount(org.org.id, org.users.ADMIN.id);
  const rows = [];
  for (const s of specs) {
    rows.push(
      await db().socialComment.create({
        data: {
          orgId: org.org.id, accountId: account.id, platform: "FACEBOOK", externalId: `${account.externalId}_${randomUUID()}`, lastEventAt: new Date(now.getTime() - 5 * H),
          status: s.status, needsReview: s.needsReview ?? false, hiddenAt: s.hidden ? new Date(now.getTime() - 4 * H) : null, deletedAt: s.deleted ? new Date(now.getTime() - 3 * H) : null,
          responseDueAt: s.dueInHours === undefined ? null : new Date(now.getTime() + s.dueInHours * H), firstRespondedAt: s.responded ? new Date(now.getTime() - 2 * H) : null,
        },
      }),
    );
  }
  return rows;
}

/** An incident about a comment: OPEN, ASSESSED (a conclusion, not closed) or CLOSED (an outcome). */
export async function incidentAbout(org: TestOrg, commentId: string, status: "OPEN" | "ASSESSED" | "CLOSED", now: Date) {
  const discoveredAt = new Date(now.getTime() - 3 * D);
  const assessed = status === "OPEN" ? {} : { assessedAt: now, assessedById: org.users.COMPLIANCE_OFFICER.id, conclusion: "LOW_PROBABILITY" as const };
  const closed = status === "CLOSED" ? { closedAt: now, closedById: org.users.COMPLIANCE_OFFICER.id, outcome: "NOT_REQUIRED" as const } : {};
  return db().incident.create({ data: { orgId: org.org.id, commentId, status, discoveredAt, deadlineAt: new Date(discoveredAt.getTime() + 60 * D), ...assessed, ...closed } });
}

/** Signs `count` of the org's acknowledgements of a version in the app, as a member would. */
export async function signAcknowledgements(org: TestOrg, versionId: string, count: number, now: Date) {
  const acks = await db().policyAcknowledgement.findMany({ where: { orgId: org.org.id, versionId }, orderBy: { id: "asc" }, take: count });
  for (const a of acks) {
    await db().policyAcknowledgement.update({ where: { id: a.id, orgId: org.org.id }, data: { signedAt: now, signedName: "Test Signer", signatureMethod: "IN_APP" } });
  }
  return acks.length;
}

export const hoursFrom = (now: Date, h: number) => new Date(now.getTime() + h * H);
export const daysFrom = (now: Date, d: number) => new Date(now.getTime() + d * D);
