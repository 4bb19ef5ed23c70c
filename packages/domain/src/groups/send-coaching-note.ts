import { randomUUID } from "node:crypto";
import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { deliverMail } from "../mail/send-mail";
import { notifyUsers } from "../notifications/notify";
import { parseInput } from "../validate";
import { sealGroupField } from "./group-crypto";

export const sendCoachingNoteSchema = z.object({
  reportId: z.uuid({ message: "Choose a report" }),
  employeeId: z.uuid({ message: "Choose the employee the note is for" }),
  text: z.string({ message: "Write the note" }).trim().min(1, "Write the note").max(4000, "Keep the note under 4000 characters"),
});

/**
 * A compliance officer's (or admin's) note to the employee who posted a reported group post. The
 * note is stored encrypted (it may mention what was posted), audited by ids, and the employee is
 * notified: they read it under "My coaching notes". The employee must be a member of the org.
 */
export async function sendCoachingNote(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "groups.review");
  const { reportId, employeeId, text } = parseInput(sendCoachingNoteSchema, input);
  const orgId = ctx.org.id;
  const id = randomUUID();
  const mailIds = await ctx.db.$transaction(async (tx) => {
    const report = await tx.groupReport.findFirst({ where: { id: reportId, orgId }, select: { status: true } });
    if (!report) throw AppError.notFound("Report not found");
    if (report.status === "SCANNING") throw new AppError("CONFLICT", "The screenshot is still being read; send the note once the scan is in");
    if (!(await tx.membership.findFirst({ where: { orgId, userId: employeeId }, select: { id: true } }))) {
      throw new AppError("VALIDATION", "The employee must be a member of the organization", { employeeId: ["Choose a member of the organization"] });
    }
    await tx.coachingNote.create({ data: { id, orgId, reportId, employeeId, authorId: ctx.user.id, textCipher: sealGroupField(text, "coaching-note", orgId, id, "text") }, select: { id: true } });
    await recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: "coaching_note.sent", targetType: "CoachingNote", targetId: id, metadata: { reportId, employeeId }, request: ctx.request,
    });
    return notifyUsers(tx, { orgId, orgSlug: ctx.org.slug, orgName: ctx.org.name, postId: null, kind: "coaching_note", userIds: [employeeId], request: ctx.request });
  });
  for (const mailId of mailIds) await deliverMail(mailId);
  return { noteId: id };
}
