import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { effectiveAckVersion } from "./ack-records";
import { ackState, inAckScope, type AckState } from "./ack-rules";
import { loadAckSettings } from "./ack-settings";

export const NO_DEPARTMENT = "No department";

export interface CoverageCounts {
  people: number;
  acknowledged: number;
  pending: number;
  overdue: number;
}

const empty = (): CoverageCounts => ({ people: 0, acknowledged: 0, pending: 0, overdue: 0 });

/**
 * Who has acknowledged the version in effect (effectiveAckVersion): per department the acknowledged /
 * pending / overdue counts, and each active person's status in their latest cycle (a renewal opened
 * by the org's cadence is pending again). Only the people who must acknowledge count (the org's
 * departments and roles); one of them without an acknowledgement yet (assigned within the hour by the
 * sweep) counts as pending. Null version: nothing approved yet.
 */
export async function getPolicyCoverage(ctx: TenantContext, now = new Date()) {
  assertCan(ctx, "manual.manage");
  const version = await effectiveAckVersion(ctx.db, ctx.org.id, now);
  const [settings, roster] = await Promise.all([
    loadAckSettings(ctx.db, ctx.org.id),
    ctx.db.workforcePerson.findMany({ where: { active: true }, orderBy: [{ department: "asc" }, { name: "asc" }] }),
  ]);
  const persons = roster.filter((p) => inAckScope(p, settings.scope));
  // Oldest cycle first: the map keeps each person's latest.
  const acks = version ? await ctx.db.policyAcknowledgement.findMany({ where: { versionId: version.id }, orderBy: { cycle: "asc" } }) : [];
  const ackOf = new Map(acks.map((a) => [a.personId, a]));
  const lastScores = version ? await lastScoresOf(ctx, [...ackOf.values()].map((a) => a.id)) : new Map<string, number>();
  const totals = empty();
  const byDepartment = new Map<string, CoverageCounts>();
  const people = persons.map((p) => {
    const a = ackOf.get(p.id);
    const state: AckState = a ? ackState(a, now) : "pending";
    const department = p.department || NO_DEPARTMENT;
    const counts = byDepartment.get(department) ?? empty();
    byDepartment.set(department, counts);
    for (const c of [counts, totals]) {
      c.people += 1;
      c[state] += 1;
    }
    return {
      personId: p.id, name: p.name, email: p.email, department, jobRole: p.jobRole, isMember: !!p.userId, state, assigned: !!a, cycle: a?.cycle ?? null,
      dueAt: a?.dueAt ?? null, signedAt: a?.signedAt ?? null, signatureMethod: a?.signatureMethod ?? null, readSeconds: a?.readSeconds ?? 0,
      attempts: a?.attempts ?? 0, lastScorePercent: a ? (lastScores.get(a.id) ?? null) : null,
    };
  });
  return {
    version: version ? { id: version.id, number: version.number, effectiveAt: version.effectiveAt } : null,
    scope: settings.scope,
    totals,
    departments: [...byDepartment].map(([department, c]) => ({ department, ...c })),
    people,
  };
}
export type PolicyCoverage = Awaited<ReturnType<typeof getPolicyCoverage>>;

async function lastScoresOf(ctx: TenantContext, ackIds: string[]) {
  if (ackIds.length === 0) return new Map<string, number>();
  const attempts = await ctx.db.policyQuizAttempt.findMany({
    where: { acknowledgementId: { in: ackIds } }, orderBy: { createdAt: "asc" }, select: { acknowledgementId: true, scorePercent: true },
  });
  return new Map(attempts.map((t) => [t.acknowledgementId, t.scorePercent]));
}
