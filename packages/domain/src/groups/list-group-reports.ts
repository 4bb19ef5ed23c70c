import type { GroupReportStatus, Prisma } from "@vetted/db";
import { z } from "zod";
import { assertCan, can } from "../access/permissions";
import type { TenantContext } from "../context";
import { findingTypes } from "../moderation/inbox-common";
import { parseInput } from "../validate";

export const GROUP_REPORT_PAGE_SIZE = 25;
const STATUSES = ["SCANNING", "OPEN", "RESOLVED", "SCAN_FAILED"] as const satisfies readonly GroupReportStatus[];

// Query-string input (the groups page's filters): enums and numbers only.
export const listGroupReportsSchema = z.object({
  status: z.enum(STATUSES, { message: `Status must be one of ${STATUSES.join(", ")}` }).optional(),
  page: z.coerce.number({ message: "Page must be a number" }).int().min(1).max(10_000).default(1),
});

/**
 * Reported group posts, newest first. Compliance officers and admins see the org's; everyone else
 * sees the ones they reported. Ids, enums, names of members and times only: the text, the group's
 * name and a typed author are read one report at a time (getGroupReport, audited).
 */
export async function listGroupReports(ctx: TenantContext, input: unknown = {}) {
  assertCan(ctx, "groups.report");
  const f = parseInput(listGroupReportsSchema, input);
  const orgId = ctx.org.id;
  const reviewer = can(ctx, "groups.review");
  const scope: Prisma.GroupReportWhereInput = reviewer ? { orgId } : { orgId, reporterId: ctx.user.id };
  const where = { ...scope, ...(f.status ? { status: f.status } : {}) };
  const [rows, total, grouped] = await Promise.all([
    ctx.db.groupReport.findMany({
      where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (f.page - 1) * GROUP_REPORT_PAGE_SIZE, take: GROUP_REPORT_PAGE_SIZE,
      select: { id: true, source: true, channel: true, status: true, verdict: true, findings: true, createdAt: true, reporterId: true, authorUserId: true },
    }),
    ctx.db.groupReport.count({ where }),
    ctx.db.groupReport.groupBy({ by: ["status"], where: scope, _count: { _all: true } }),
  ]);
  const ids = rows.map((r) => r.id);
  const people = [...new Set(rows.flatMap((r) => [r.reporterId, r.authorUserId]).filter((id): id is string => !!id))];
  const [users, incidents] = await Promise.all([
    ctx.db.user.findMany({ where: { id: { in: people }, memberships: { some: { orgId } } }, select: { id: true, name: true } }),
    ctx.db.incident.findMany({ where: { orgId, reportId: { in: ids } }, select: { id: true, reportId: true, status: true } }),
  ]);
  const name = new Map(users.map((u) => [u.id, u.name]));
  const incidentOf = new Map(incidents.map((i) => [i.reportId, { id: i.id, status: i.status }]));
  const counts = Object.fromEntries(STATUSES.map((s) => [s, grouped.find((g) => g.status === s)?._count._all ?? 0])) as Record<GroupReportStatus, number>;
  return {
    reviewer, total, page: f.page, pageSize: GROUP_REPORT_PAGE_SIZE, counts, filters: f,
    items: rows.map((r) => ({
      id: r.id, source: r.source, channel: r.channel, status: r.status, verdict: r.verdict, findingTypes: findingTypes(r.findings), createdAt: r.createdAt,
      reporter: r.reporterId ? (name.get(r.reporterId) ?? null) : null,
      // The employee is shown to the officers only; a reporter sees their own reports without it.
      author: reviewer && r.authorUserId ? (name.get(r.authorUserId) ?? null) : null,
      incident: reviewer ? (incidentOf.get(r.id) ?? null) : null,
    })),
  };
}
