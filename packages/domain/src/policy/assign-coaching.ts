import { forOrg, ORG_ID, rawSql, type Db, type RawClient, type Tx } from "@vetted/db";
import { recordAuditEvents, type AuditEventInput } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { jsonInsert } from "../json-insert";
import { notifyMany, type NotifyInput } from "../notifications/notify";
import type { RequestOrigin } from "../request-origin";
import { coachingSectionKey, findingTypesOf, pickCoachingQuestion, pickSection, type CoachingFinding, type CoachingTriggerKind } from "./coaching-rules";
import { readSections, type ManualSection } from "./manual-sections";
import { inEffect } from "./policy-records";

// Coaching assignments are made in the transaction that records what triggered them (the scan's
// verdict, the report's resolution, the incident's opening): they commit together or not at all, and
// the unique (org, trigger, triggerId) makes a retried job or a second call a no-op.

export interface CoachingRequest {
  userId: string;
  trigger: CoachingTriggerKind;
  /** The post revision, group report or incident. */
  triggerId: string;
  findings: readonly CoachingFinding[];
  /** The request behind the trigger, when a job made it (a scan's payload): its id goes on the notice's mail. */
  origin?: RequestOrigin | undefined;
}

export interface CoachingActor {
  actorId: string | null;
  actorLabel?: string | null;
  request?: RequestMeta;
}

export interface PreparedCoaching {
  audits: AuditEventInput[];
  notices: NotifyInput[];
  created: string[];
}

/** What assignments are made from: the manual version in effect, its sections and its active quiz questions. */
export interface CoachingBasis {
  version: { id: string; number: number; manualId: string };
  sections: ManualSection[];
  questions: { id: string; sectionKey: string | null; createdAt: Date }[];
}

/** The org's coaching basis at `now`; null when no manual version is in effect (nothing to coach from yet). */
export async function loadCoachingBasis(client: Db | Tx, orgId: string, now = new Date()): Promise<CoachingBasis | null> {
  const version = await client.policyManualVersion.findFirst({ ...inEffect(orgId, now), select: { id: true, number: true, manualId: true, sections: true } });
  if (!version) return null;
  const questions = await client.policyQuizQuestion.findMany({ where: { orgId, manualId: version.manualId, active: true }, select: { id: true, sectionKey: true, createdAt: true } });
  return { version: { id: version.id, number: version.number, manualId: version.manualId }, sections: readSections(version.sections), questions };
}

/** What writeCoaching needs besides the requests: the basis and the org's member ids. */
export interface CoachingPreload {
  basis: CoachingBasis | null;
  memberIds: ReadonlySet<string>;
}

/**
 * Writes the assignments (members of the org only: the coaching-note flow has no path to people without
 * an account) and returns their audit events and notifications for the caller to write, so a caller
 * that batches its own (the scan worker) keeps one turn on the audit lock. Nothing when the org has no
 * manual version in effect: there is nothing to coach from yet.
 */
export async function prepareCoaching(
  tx: Tx, org: { id: string; slug: string; name: string }, requests: readonly CoachingRequest[], actor: CoachingActor, now = new Date(),
): Promise<PreparedCoaching> {
  if (requests.length === 0) return { audits: [], notices: [], created: [] };
  const basis = await loadCoachingBasis(tx, org.id, now);
  const members = basis ? await tx.membership.findMany({ where: { orgId: org.id, userId: { in: [...new Set(requests.map((r) => r.userId))] } }, select: { userId: true } }) : [];
  return writeCoaching(tx, org, requests, actor, now, { basis, memberIds: new Set(members.map((m) => m.userId)) });
}

/**
 * prepareCoaching with the basis and members read ahead by the caller (the scan worker's org context,
 * a few seconds old at most): one statement, raw SQL, so it also runs on a pgDirect() transaction.
 */
export async function writeCoaching(
  client: RawClient, org: { id: string; slug: string; name: string }, requests: readonly CoachingRequest[], actor: CoachingActor, now: Date, preload: CoachingPreload,
): Promise<PreparedCoaching> {
  const none: PreparedCoaching = { audits: [], notices: [], created: [] };
  const { basis, memberIds } = preload;
  const wanted = requests.filter((r) => memberIds.has(r.userId));
  if (!basis || wanted.length === 0) return none;
  const orgId = org.id;
  const { version, sections, questions } = basis;
  const rows = wanted.map((r) => {
    const section = pickSection(sections, coachingSectionKey(r.trigger, r.findings));
    const question = pickCoachingQuestion(questions, section?.key ?? "");
    return {
      userId: r.userId, trigger: r.trigger, triggerId: r.triggerId, versionId: version.id, sectionKey: section?.key ?? "definitions",
      questionId: question?.id ?? null, findingTypes: findingTypesOf(r.findings), createdAt: now, updatedAt: now,
    };
  });
  // (org, trigger, triggerId) is unique: a retried job or a second call inserts nothing.
  const inserted = await rawSql(client, forOrg(orgId)).query<{ id: string; userId: string; trigger: string; triggerId: string; sectionKey: string; questionId: string | null; findingTypes: string[] }[]>`
    ${jsonInsert("CoachingAssignment", COACHING_COLUMNS, rows, { orgId: ORG_ID })}
    ON CONFLICT ("orgId", "trigger", "triggerId") DO NOTHING
    RETURNING id::text, "userId"::text, trigger::text, "triggerId"::text, "sectionKey", "questionId"::text, "findingTypes"`;
  const audits = inserted.map((a): AuditEventInput => ({
    orgId, actorId: actor.actorId, actorLabel: actor.actorLabel ?? null, action: "coaching.assigned", targetType: "CoachingAssignment", targetId: a.id, request: actor.request,
    metadata: { userId: a.userId, trigger: a.trigger, triggerId: a.triggerId, versionId: version.id, versionNumber: version.number, sectionKey: a.sectionKey, questionId: a.questionId, types: a.findingTypes },
  }));
  // One notice per person, naming the request behind their first new assignment (else the actor's).
  const originOf = new Map(wanted.map((r) => [r.triggerId, r.origin]));
  const notified = new Map<string, RequestOrigin | undefined>();
  for (const a of inserted) if (!notified.has(a.userId)) notified.set(a.userId, originOf.get(a.triggerId) ?? actor.request);
  const notices = [...notified].map(([userId, request]): NotifyInput => ({ orgId, orgSlug: org.slug, orgName: org.name, postId: null, kind: "policy_coaching_assigned", userIds: [userId], request }));
  return { audits, notices, created: inserted.map((a) => a.id) };
}

const COACHING_COLUMNS = {
  orgId: "uuid", userId: "uuid", trigger: '"CoachingTrigger"', triggerId: "uuid", versionId: "uuid", sectionKey: "text", questionId: "uuid",
  findingTypes: "text[]", createdAt: "timestamptz(3)", updatedAt: "timestamptz(3)",
};

/** prepareCoaching with its audit events and notifications written at once; returns the mail ids to deliver after the commit. */
export async function assignCoaching(
  tx: Tx, org: { id: string; slug: string; name: string }, requests: readonly CoachingRequest[], actor: CoachingActor, now = new Date(),
): Promise<{ created: string[]; mailIds: string[] }> {
  const prepared = await prepareCoaching(tx, org, requests, actor, now);
  await recordAuditEvents(tx, prepared.audits);
  const mailIds = await notifyMany(tx, prepared.notices);
  return { created: prepared.created, mailIds };
}
