import { forOrg, ORG_ID, rawSql } from "@vetted/db";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { deliverMail } from "../mail/send-mail";
import { storedFindings } from "../moderation/inbox-common";
import { assignCoaching } from "../policy/assign-coaching";
import { parseInput } from "../validate";
import { groupReportIdSchema } from "./get-group-report";

/**
 * A compliance officer (or admin) is done with a report: RESOLVED, audited. A screenshot still being
 * read is not resolved (its scan would land on a closed report); an incident, if any, runs on. A
 * report resolved as PHI (the scanner blocked it, or an incident was opened for it) whose employee is
 * a member gives them a coaching assignment (once per report).
 */
export async function resolveGroupReport(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "groups.review");
  const { reportId } = parseInput(groupReportIdSchema, input);
  const orgId = ctx.org.id;
  const { mailIds, ...result } = await ctx.db.$transaction(async (tx) => {
    const [row] = await rawSql(tx, forOrg(orgId)).query<{ status: string; verdict: string | null; authorUserId: string | null; findings: unknown }[]>`
      SELECT status::text, verdict, "authorUserId"::text, findings FROM "GroupReport" WHERE id = ${reportId}::uuid AND "orgId" = ${ORG_ID}::uuid FOR UPDATE`;
    if (!row) throw AppError.notFound("Report not found");
    if (row.status === "RESOLVED") throw new AppError("CONFLICT", "The report is already resolved");
    if (row.status === "SCANNING") throw new AppError("CONFLICT", "The screenshot is still being read; resolve it once the scan is in");
    await tx.groupReport.update({ where: { id: reportId, orgId }, data: { status: "RESOLVED", resolvedAt: new Date(), resolvedById: ctx.user.id }, select: { id: true } });
    await recordAuditEvent(tx, { orgId, actorId: ctx.user.id, action: "group_report.resolved", targetType: "GroupReport", targetId: reportId, metadata: { from: row.status }, request: ctx.request });
    const incident = await tx.incident.findFirst({ where: { orgId, reportId }, select: { employeeId: true } });
    const employeeId = incident?.employeeId ?? row.authorUserId;
    const coached = (row.verdict === "block" || incident) && employeeId
      ? await assignCoaching(tx, ctx.org, [{ userId: employeeId, trigger: "GROUP_REPORT", triggerId: reportId, findings: storedFindings(row.findings).map((f) => ({ type: f.type })) }], { actorId: ctx.user.id, request: ctx.request })
      : { created: [], mailIds: [] };
    return { reportId, status: "RESOLVED" as const, coachingAssigned: coached.created.length > 0, mailIds: coached.mailIds };
  });
  for (const mailId of mailIds) await deliverMail(mailId);
  return result;
}
