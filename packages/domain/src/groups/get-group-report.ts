import { scanText } from "@vetted/scanner";
import { z } from "zod";
import { assertCan, can } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { storedFindings } from "../moderation/inbox-common";
import { scannerChannel } from "../moderation/scan-comment";
import { loadOrgScanConfig } from "../scans/load-org-scan-config";
import { parseInput } from "../validate";
import { openGroupOptional } from "./group-crypto";
import { GROUP_SCAN_KIND } from "./group-report-scan";

export const groupReportIdSchema = z.object({ reportId: z.uuid({ message: "Choose a report" }) });

/**
 * One reported group post with everything decrypted, for the compliance officer's view. Reading it
 * is a read of PHI: recorded as `group_report.viewed` (ids only) before anything is returned. The
 * reasons are the scanner's sentences for the text as it is (they quote none of it).
 */
export async function getGroupReport(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "groups.review");
  const { reportId } = parseInput(groupReportIdSchema, input);
  const orgId = ctx.org.id;
  const r = await ctx.db.groupReport.findFirst({ where: { id: reportId, orgId } });
  if (!r) throw AppError.notFound("Report not found");
  const [incident, notes, members] = await Promise.all([
    ctx.db.incident.findFirst({ where: { orgId, reportId }, select: { id: true, status: true, deadlineAt: true } }),
    ctx.db.coachingNote.findMany({ where: { orgId, reportId }, orderBy: { createdAt: "asc" } }),
    ctx.db.membership.findMany({ where: { orgId }, select: { userId: true, role: true, user: { select: { name: true } } }, orderBy: { user: { name: "asc" } } }),
  ]);
  await ctx.db.$transaction((tx) =>
    recordAuditEvent(tx, { orgId, actorId: ctx.user.id, action: "group_report.viewed", targetType: "GroupReport", targetId: r.id, request: ctx.request }),
  );
  const open = (envelope: string | null, field: Parameters<typeof openGroupOptional>[4]) => openGroupOptional(envelope, "group-report", orgId, r.id, field);
  const text = r.source === "SCREENSHOT" ? open(r.ocrTextCipher, "ocr") : open(r.textCipher, "text");
  const channel = scannerChannel(r.channel);
  const reasons = text ? scanText(text, { kind: GROUP_SCAN_KIND, config: await loadOrgScanConfig(ctx.db, orgId), ...(channel ? { channel } : {}) }).reasons : [];
  const memberName = new Map(members.map((m) => [m.userId, m.user.name]));
  return {
    id: r.id, source: r.source, channel: r.channel, status: r.status, verdict: r.verdict, ocrErrorCode: r.ocrErrorCode,
    groupName: open(r.groupNameCipher, "group"), text, findings: storedFindings(r.findings), reasons,
    author: r.authorUserId ? { userId: r.authorUserId, name: memberName.get(r.authorUserId) ?? "a former member" } : null,
    authorName: open(r.authorNameCipher, "author"),
    reporter: r.reporterId ? (memberName.get(r.reporterId) ?? "a former member") : open(r.reporterEmailCipher, "reporter"),
    postedAt: r.postedAt, createdAt: r.createdAt, scannedAt: r.scannedAt, resolvedAt: r.resolvedAt, hasScreenshot: !!r.screenshotKey,
    incident,
    coachingNotes: notes.map((n) => ({
      id: n.id, employee: memberName.get(n.employeeId) ?? "a former member", author: memberName.get(n.authorId) ?? "a former member", createdAt: n.createdAt, readAt: n.readAt,
      text: openGroupOptional(n.textCipher, "coaching-note", orgId, n.id, "text"),
    })),
    members: members.map((m) => ({ id: m.userId, name: m.user.name })),
    may: { incident: can(ctx, "incidents.manage") },
  };
}
