import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { groupReportIdSchema } from "./get-group-report";

/**
 * A compliance officer (or admin) is done with a report: RESOLVED, audited. A screenshot still being
 * read is not resolved (its scan would land on a closed report); an incident, if any, runs on.
 */
export async function resolveGroupReport(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "groups.review");
  const { reportId } = parseInput(groupReportIdSchema, input);
  const orgId = ctx.org.id;
  return ctx.db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ status: string }[]>`SELECT status::text FROM "GroupReport" WHERE id = ${reportId}::uuid AND "orgId" = ${orgId}::uuid FOR UPDATE`;
    if (!row) throw AppError.notFound("Report not found");
    if (row.status === "RESOLVED") throw new AppError("CONFLICT", "The report is already resolved");
    if (row.status === "SCANNING") throw new AppError("CONFLICT", "The screenshot is still being read; resolve it once the scan is in");
    await tx.groupReport.update({ where: { id: reportId, orgId }, data: { status: "RESOLVED", resolvedAt: new Date(), resolvedById: ctx.user.id }, select: { id: true } });
    await recordAuditEvent(tx, { orgId, actorId: ctx.user.id, action: "group_report.resolved", targetType: "GroupReport", targetId: reportId, metadata: { from: row.status }, request: ctx.request });
    return { reportId, status: "RESOLVED" as const };
  });
}
