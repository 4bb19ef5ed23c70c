import type { TenantContext } from "../context";
import { csvCell } from "../audit/export-audit-csv";
import type { Period } from "./training-reports";

// What an evidence pack reads besides the manual and the training records: the acknowledgement
// register of the versions in force, and counts of the period's moderation and approvals. Counts
// and ids only: no post, comment or report text ever reaches a pack.

const iso = (d: Date | null) => (d ? d.toISOString() : "");

export const REGISTER_COLUMNS = [
  "version", "versionSha256", "name", "email", "department", "role", "assignedAt", "dueAt", "openedAt", "readSeconds", "quizAttempts", "passedAt", "signedAt", "signatureMethod", "signedName",
] as const;

/** Every acknowledgement of the given versions, one CSV row each, by version then name. */
export async function acknowledgementRegisterCsv(ctx: TenantContext, versions: { id: string; number: number; contentSha256: string | null }[]) {
  const orgId = ctx.org.id;
  const acks = versions.length ? await ctx.db.policyAcknowledgement.findMany({ where: { orgId, versionId: { in: versions.map((v) => v.id) } } }) : [];
  const persons = acks.length ? await ctx.db.workforcePerson.findMany({ where: { orgId, id: { in: [...new Set(acks.map((a) => a.personId))] } } }) : [];
  const person = new Map(persons.map((p) => [p.id, p]));
  const version = new Map(versions.map((v) => [v.id, v]));
  const rows = acks
    .map((a) => ({ a, p: person.get(a.personId)!, v: version.get(a.versionId)! }))
    .sort((x, y) => x.v.number - y.v.number || x.p.name.localeCompare(y.p.name) || x.a.id.localeCompare(y.a.id));
  const lines = [REGISTER_COLUMNS.join(",")];
  for (const { a, p, v } of rows) {
    lines.push([
      v.number, v.contentSha256 ?? "", p.name, p.email, p.department, p.jobRole, iso(a.assignedAt), iso(a.dueAt), iso(a.openedAt), a.readSeconds, a.attempts,
      iso(a.passedAt), iso(a.signedAt), a.signatureMethod ?? "", a.signedName ?? "",
    ].map(csvCell).join(","));
  }
  return { csv: `${lines.join("\r\n")}\r\n`, rows: rows.length };
}

/** The audit actions counted, by the name the statistics give them. */
const COUNTED_ACTIONS = {
  postsSubmitted: "post.submitted",
  postsApproved: "post.approve",
  postsChangesRequested: "post.request_changes",
  postsRejected: "post.reject",
  findingOverrides: "finding.overridden",
  approvalOverrides: "post.override",
  manualVersionsApproved: "manual.version.approved",
} as const;

/** Moderation and approval counts of the period, from the audit trail and the records it describes. */
export async function moderationStats(ctx: TenantContext, period: Period) {
  const orgId = ctx.org.id;
  const createdAt = { gte: period.from, lt: period.to };
  const [byAction, scansBlocked, hides, deletes, reports, incidentsOpened, incidentsClosed, coachingAssigned, coachingCompleted] = await Promise.all([
    ctx.db.auditEvent.groupBy({ by: ["action"], where: { orgId, createdAt, action: { in: Object.values(COUNTED_ACTIONS) } }, _count: { _all: true } }),
    ctx.db.auditEvent.count({ where: { orgId, createdAt, action: "scan.completed", metadata: { path: ["verdict"], equals: "block" } } }),
    ctx.db.moderationAction.count({ where: { orgId, createdAt, kind: "HIDE" } }),
    ctx.db.moderationAction.count({ where: { orgId, createdAt, kind: "DELETE" } }),
    ctx.db.groupReport.count({ where: { orgId, createdAt } }),
    ctx.db.incident.count({ where: { orgId, createdAt } }),
    ctx.db.incident.count({ where: { orgId, closedAt: createdAt } }),
    ctx.db.coachingAssignment.count({ where: { orgId, createdAt } }),
    ctx.db.coachingAssignment.count({ where: { orgId, completedAt: createdAt } }),
  ]);
  const count = new Map(byAction.map((r) => [r.action, r._count._all]));
  const fromAudit = Object.fromEntries(Object.entries(COUNTED_ACTIONS).map(([name, action]) => [name, count.get(action) ?? 0])) as Record<keyof typeof COUNTED_ACTIONS, number>;
  return {
    ...fromAudit, scansBlocked, commentsHidden: hides, commentsDeleted: deletes, groupReportsReceived: reports,
    incidentsOpened, incidentsClosed, coachingAssigned, coachingCompleted,
  };
}
export type ModerationStats = Awaited<ReturnType<typeof moderationStats>>;

export function statsCsv(stats: ModerationStats): string {
  return `metric,count\r\n${Object.entries(stats).map(([k, v]) => `${k},${v}`).join("\r\n")}\r\n`;
}
