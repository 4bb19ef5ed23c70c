import type { Tx } from "@vetted/db";
import { recordAuditEvents, type AuditEventInput } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { notifyMany, type NotifyInput } from "../notifications/notify";
import { coachingSectionKey, findingTypesOf, pickCoachingQuestion, pickSection, type CoachingFinding, type CoachingTriggerKind } from "./coaching-rules";
import { readSections } from "./manual-sections";
import { effectivePolicyVersion } from "./policy-records";

// Coaching assignments are made in the transaction that records what triggered them (the scan's
// verdict, the report's resolution, the incident's opening): they commit together or not at all, and
// the unique (org, trigger, triggerId) makes a retried job or a second call a no-op.

export interface CoachingRequest {
  userId: string;
  trigger: CoachingTriggerKind;
  /** The post revision, group report or incident. */
  triggerId: string;
  findings: readonly CoachingFinding[];
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

/**
 * Writes the assignments (members of the org only: the coaching-note flow has no path to people without
 * an account) and returns their audit events and notifications for the caller to write, so a caller
 * that batches its own (the scan worker) keeps one turn on the audit lock. Nothing when the org has no
 * manual version in effect: there is nothing to coach from yet.
 */
export async function prepareCoaching(
  tx: Tx, org: { id: string; slug: string; name: string }, requests: readonly CoachingRequest[], actor: CoachingActor, now = new Date(),
): Promise<PreparedCoaching> {
  const none: PreparedCoaching = { audits: [], notices: [], created: [] };
  if (requests.length === 0) return none;
  const orgId = org.id;
  const version = await effectivePolicyVersion(tx, orgId, now);
  if (!version) return none;
  const members = await tx.membership.findMany({ where: { orgId, userId: { in: [...new Set(requests.map((r) => r.userId))] } }, select: { userId: true } });
  const isMember = new Set(members.map((m) => m.userId));
  const wanted = requests.filter((r) => isMember.has(r.userId));
  if (wanted.length === 0) return none;
  const { sections: stored } = await tx.policyManualVersion.findFirstOrThrow({ where: { id: version.id, orgId }, select: { sections: true } });
  const sections = readSections(stored);
  const questions = await tx.policyQuizQuestion.findMany({ where: { orgId, manualId: version.manualId, active: true }, select: { id: true, sectionKey: true, createdAt: true } });
  const rows = wanted.map((r) => {
    const section = pickSection(sections, coachingSectionKey(r.trigger, r.findings));
    const question = pickCoachingQuestion(questions, section?.key ?? "");
    return {
      orgId, userId: r.userId, trigger: r.trigger, triggerId: r.triggerId, versionId: version.id, sectionKey: section?.key ?? "definitions",
      questionId: question?.id ?? null, findingTypes: findingTypesOf(r.findings), createdAt: now,
    };
  });
  const inserted = await tx.coachingAssignment.createManyAndReturn({ data: rows, skipDuplicates: true, select: { id: true, userId: true, trigger: true, triggerId: true, sectionKey: true, questionId: true, findingTypes: true } });
  const audits = inserted.map((a): AuditEventInput => ({
    orgId, actorId: actor.actorId, actorLabel: actor.actorLabel ?? null, action: "coaching.assigned", targetType: "CoachingAssignment", targetId: a.id, request: actor.request,
    metadata: { userId: a.userId, trigger: a.trigger, triggerId: a.triggerId, versionId: version.id, versionNumber: version.number, sectionKey: a.sectionKey, questionId: a.questionId, types: a.findingTypes },
  }));
  const userIds = [...new Set(inserted.map((a) => a.userId))];
  const notices: NotifyInput[] = userIds.length ? [{ orgId, orgSlug: org.slug, orgName: org.name, postId: null, kind: "policy_coaching_assigned", userIds, request: actor.request }] : [];
  return { audits, notices, created: inserted.map((a) => a.id) };
}

/** prepareCoaching with its audit events and notifications written at once; returns the mail ids to deliver after the commit. */
export async function assignCoaching(
  tx: Tx, org: { id: string; slug: string; name: string }, requests: readonly CoachingRequest[], actor: CoachingActor, now = new Date(),
): Promise<{ created: string[]; mailIds: string[] }> {
  const prepared = await prepareCoaching(tx, org, requests, actor, now);
  await recordAuditEvents(tx, prepared.audits);
  const mailIds = await notifyMany(tx, prepared.notices);
  return { created: prepared.created, mailIds };
}
