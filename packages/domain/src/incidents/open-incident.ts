import { advisoryXactLock, forOrg, ORG_ID, rawSql } from "@vetted/db";
import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { deliverMail } from "../mail/send-mail";
import { parseInput } from "../validate";
import { openIncidentTx } from "./open-incident-tx";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const openIncidentSchema = z
  .object({
    reportId: z.preprocess(blank, z.uuid({ message: "Choose a report" }).optional()),
    commentId: z.preprocess(blank, z.uuid({ message: "Choose a comment" }).optional()),
    /** For a comment: the member who wrote it (a staff member answering from the org's page, say). */
    employeeId: z.preprocess(blank, z.uuid({ message: "Choose a member" }).optional()),
    /** Or a staff member who is no member of the org (a workforce name as they gave it); sealed. */
    employeeName: z.preprocess(blank, z.string().trim().max(200, "Keep the name under 200 characters").optional()),
  })
  .refine((d) => !!d.reportId !== !!d.commentId, { message: "Name either a report or a comment", path: ["reportId"] })
  .refine((d) => !(d.employeeId && d.employeeName), { message: "Choose a member or type a name, not both", path: ["employeeName"] });

/**
 * A compliance officer (or admin) opens an incident by hand: a group report the scanner only sent
 * for review, or a comment a staff member posted (the inbox's "Posted by our staff": the member, or
 * the name of a workforce member without an account). Discovered now (the officer can set an earlier
 * discovery on the assessment). Asking twice returns the same incident; for a comment the opening is
 * also recorded on the comment's own trail (`comment.incident_opened`).
 */
export async function openIncident(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "incidents.manage");
  const d = parseInput(openIncidentSchema, input);
  const orgId = ctx.org.id;
  const result = await ctx.db.$transaction(async (tx) => {
    let employeeId = d.employeeId ?? null;
    if (d.reportId) {
      const [row] = await rawSql(tx, forOrg(orgId)).query<{ status: string; authorUserId: string | null }[]>`
        SELECT status::text, "authorUserId"::text FROM "GroupReport" WHERE id = ${d.reportId}::uuid AND "orgId" = ${ORG_ID}::uuid FOR UPDATE`;
      if (!row) throw AppError.notFound("Report not found");
      if (row.status === "SCANNING") throw new AppError("CONFLICT", "The screenshot is still being read; open the incident once the scan is in");
      if (!d.employeeName) employeeId ??= row.authorUserId;
    } else if (!(await tx.socialComment.findFirst({ where: { id: d.commentId!, orgId }, select: { id: true } }))) {
      throw AppError.notFound("Comment not found");
    }
    if (employeeId && !(await tx.membership.findFirst({ where: { orgId, userId: employeeId }, select: { id: true } }))) {
      throw new AppError("VALIDATION", "The employee must be a member of the organization", { employeeId: ["Choose a member of the organization"] });
    }
    const source = d.reportId ? { reportId: d.reportId } : { commentId: d.commentId! };
    if (d.commentId) await advisoryXactLock(tx, `incident:comment:${d.commentId}`);
    const opened = await openIncidentTx(tx, { org: ctx.org, source, employeeId, employeeName: d.employeeName ?? null, discoveredAt: new Date(), actor: { actorId: ctx.user.id }, request: ctx.request });
    if (d.commentId && opened.created) {
      await recordAuditEvent(tx, {
        orgId, actorId: ctx.user.id, action: "comment.incident_opened", targetType: "SocialComment", targetId: d.commentId, request: ctx.request,
        metadata: { incidentId: opened.incidentId, employeeId, employeeNamed: !!d.employeeName },
      });
    }
    return opened;
  });
  for (const mailId of result.mailIds) await deliverMail(mailId);
  return { incidentId: result.incidentId, created: result.created };
}
