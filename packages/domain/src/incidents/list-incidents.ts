import type { IncidentStatus } from "@vetted/db";
import { z } from "zod";
import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { parseInput } from "../validate";
import { daysLeft } from "./incident-rules";

const STATUSES = ["OPEN", "ASSESSED", "CLOSED"] as const satisfies readonly IncidentStatus[];

export const listIncidentsSchema = z.object({
  status: z.enum(STATUSES, { message: `Status must be one of ${STATUSES.join(", ")}` }).optional(),
});

/**
 * The org's incidents, the nearest deadline first (closed ones last, newest first). Ids, enums,
 * members' names and dates only: the assessment notes and a non-member's typed name are read one
 * incident at a time (audited).
 */
export async function listIncidents(ctx: TenantContext, input: unknown = {}) {
  assertCan(ctx, "incidents.manage");
  const f = parseInput(listIncidentsSchema, input);
  const orgId = ctx.org.id;
  const rows = await ctx.db.incident.findMany({
    where: { orgId, ...(f.status ? { status: f.status } : {}) },
    orderBy: [{ closedAt: { sort: "desc", nulls: "first" } }, { deadlineAt: "asc" }],
    take: 200,
  });
  const people = [...new Set(rows.map((r) => r.employeeId).filter((id): id is string => !!id))];
  const users = await ctx.db.user.findMany({ where: { id: { in: people } }, select: { id: true, name: true } });
  const name = new Map(users.map((u) => [u.id, u.name]));
  const now = new Date();
  return rows.map((r) => ({
    id: r.id, status: r.status, source: r.reportId ? ("GROUP_REPORT" as const) : ("COMMENT" as const), reportId: r.reportId, commentId: r.commentId,
    employee: r.employeeId ? (name.get(r.employeeId) ?? null) : null, employeeTyped: r.employeeNameCipher !== null, discoveredAt: r.discoveredAt, deadlineAt: r.deadlineAt,
    daysLeft: r.status === "CLOSED" ? null : daysLeft(r.deadlineAt, now), conclusion: r.conclusion, outcome: r.outcome, openedAutomatically: r.openedById === null,
  }));
}
