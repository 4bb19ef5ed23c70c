import { z } from "zod";
import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { parseInput } from "../validate";
import { latestAckVersion } from "./ack-records";
import { ackState, inAckScope } from "./ack-rules";
import { loadAckSettings } from "./ack-settings";

export const ROSTER_PAGE_SIZE = 100;

export const listRosterSchema = z.object({
  department: z.string().trim().max(100, "At most 100 characters").optional(),
  includeInactive: z.preprocess((v) => v === true || v === "1" || v === "true", z.boolean()).default(false),
  page: z.coerce.number().int("Whole pages").min(1, "Pages start at 1").max(1000, "At most page 1000").default(1),
});

/**
 * The roster, a page at a time (department, then name), each person with where they stand on the
 * newest approved version: acknowledged, pending or overdue, or not assigned; and their link's state.
 */
export async function listRoster(ctx: TenantContext, input: unknown = {}, now = new Date()) {
  assertCan(ctx, "manual.manage");
  const d = parseInput(listRosterSchema, input);
  const where = { ...(d.includeInactive ? {} : { active: true }), ...(d.department !== undefined ? { department: d.department } : {}) };
  const [version, total, persons, departments, settings] = await Promise.all([
    latestAckVersion(ctx.db, ctx.org.id),
    ctx.db.workforcePerson.count({ where }),
    ctx.db.workforcePerson.findMany({ where, orderBy: [{ active: "desc" }, { department: "asc" }, { name: "asc" }], skip: (d.page - 1) * ROSTER_PAGE_SIZE, take: ROSTER_PAGE_SIZE }),
    ctx.db.workforcePerson.groupBy({ by: ["department"], where: { active: true }, _count: { _all: true }, orderBy: { department: "asc" } }),
    loadAckSettings(ctx.db, ctx.org.id),
  ]);
  const acks = version
    ? await ctx.db.policyAcknowledgement.findMany({ where: { versionId: version.id, personId: { in: persons.map((p) => p.id) } }, orderBy: { cycle: "asc" } })
    : [];
  // Oldest cycle first: the map keeps each person's latest.
  const ackOf = new Map(acks.map((a) => [a.personId, a]));
  return {
    version: version ? { id: version.id, number: version.number, effectiveAt: version.effectiveAt } : null,
    total,
    page: d.page,
    pageSize: ROSTER_PAGE_SIZE,
    departments: departments.map((g) => ({ department: g.department, people: g._count._all })),
    people: persons.map((p) => {
      const a = ackOf.get(p.id);
      return {
        id: p.id, name: p.name, email: p.email, department: p.department, jobRole: p.jobRole, source: p.source, active: p.active, isMember: !!p.userId,
        /** Among those who must acknowledge (the org's departments and roles). */
        required: inAckScope(p, settings.scope),
        ack: a
          ? {
              id: a.id, cycle: a.cycle, state: ackState(a, now), dueAt: a.dueAt, signedAt: a.signedAt, signatureMethod: a.signatureMethod, attempts: a.attempts,
              readSeconds: a.readSeconds, linkSentAt: a.linkSentAt, linkLive: !!a.linkExpiresAt && a.linkExpiresAt > now && !a.linkUsedAt,
            }
          : null,
      };
    }),
  };
}
export type RosterList = Awaited<ReturnType<typeof listRoster>>;
