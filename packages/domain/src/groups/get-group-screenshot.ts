import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { MediaFileMissingError, mediaStorage } from "../media/storage";
import { parseInput } from "../validate";
import { groupReportIdSchema } from "./get-group-report";

/** The stored copy is re-encoded by stripImage: PNG, JPEG or WebP, told apart by their magic bytes. */
function mimeOf(bytes: Uint8Array): string {
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
  return "image/webp";
}

/** A report's screenshot (metadata stripped) for the officer's view; the read is audited first. */
export async function getGroupScreenshot(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "groups.review");
  const { reportId } = parseInput(groupReportIdSchema, input);
  const orgId = ctx.org.id;
  const report = await ctx.db.groupReport.findFirst({ where: { id: reportId, orgId }, select: { id: true, screenshotKey: true } });
  if (!report?.screenshotKey) throw AppError.notFound("This report has no screenshot");
  const bytes = await mediaStorage().get(report.screenshotKey).catch((error: unknown) => {
    throw error instanceof MediaFileMissingError ? AppError.notFound("The screenshot of this report is missing") : error;
  });
  await ctx.db.$transaction((tx) =>
    recordAuditEvent(tx, { orgId, actorId: ctx.user.id, action: "group_report.screenshot_viewed", targetType: "GroupReport", targetId: report.id, metadata: { bytes: bytes.length }, request: ctx.request }),
  );
  return { bytes, mime: mimeOf(bytes), filename: `group-report-${report.id}` };
}
