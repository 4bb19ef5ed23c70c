import { scopedDb, forOrg, ORG_ID, rawSql } from "@vetted/db";
import type { GroupOcrPayload } from "@vetted/queue";
import type { ImageScanner } from "@vetted/scanner/image";
import { recordAuditEvent } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { AppError } from "../errors";
import { deliverMail } from "../mail/send-mail";
import { MediaFileMissingError, mediaStorage, type MediaStorage } from "../media/storage";
import { sha256Hex } from "../moderation/moderation-crypto";
import { notifyUsers } from "../notifications/notify";
import { loadOrgScanConfig } from "../scans/load-org-scan-config";
import { PermanentScanError, scanErrorCode } from "../scans/scan-error";
import { sealGroupField } from "./group-crypto";
import { recordGroupScan, scanGroupText } from "./group-report-scan";

export interface GroupOcrDeps {
  /** The worker's one image scanner (its OCR models are loaded once per process). */
  imageScanner: () => Promise<ImageScanner>;
  storage?: MediaStorage;
}

export type GroupOcrOutcome = { outcome: "SCANNED"; verdict: string; incidentId: string | null } | { outcome: "ALREADY_DONE" };

/**
 * The worker's half of a screenshot report: read the stored screenshot with the image scanner's
 * OCR, scan what it read as a group post, and record the outcome (officers told, a blocked post
 * opened as an incident) in one transaction under the report's row lock, so a job run twice scans
 * once. A screenshot that can never be read throws PermanentScanError (the processor records the
 * failure and does not retry); a report of another org is NOT_FOUND.
 */
export async function processGroupOcr(payload: GroupOcrPayload, deps: GroupOcrDeps): Promise<GroupOcrOutcome> {
  const { orgId, reportId } = payload;
  const client = scopedDb(orgId);
  const report = await client.groupReport.findFirst({ where: { id: reportId, orgId } });
  if (!report) throw AppError.notFound("Group report not found");
  if (report.status !== "SCANNING" || !report.screenshotKey) return { outcome: "ALREADY_DONE" };

  const bytes = await (deps.storage ?? mediaStorage()).get(report.screenshotKey).catch((error: unknown) => {
    throw error instanceof MediaFileMissingError ? new PermanentScanError("FILE_MISSING") : error;
  });
  const scanner = await deps.imageScanner();
  const { text } = await scanner.readText(bytes).catch((error: unknown) => {
    throw (error as Error)?.name === "ImageInputError" ? new PermanentScanError(scanErrorCode(error)) : error;
  });
  if (!text.trim()) throw new PermanentScanError("NO_TEXT");
  const scan = scanGroupText(text, report.channel, await loadOrgScanConfig(client, orgId));

  const result = await client.$transaction(async (tx) => {
    const [row] = await rawSql(tx, forOrg(orgId)).query<{ status: string }[]>`SELECT status::text FROM "GroupReport" WHERE id = ${reportId}::uuid AND "orgId" = ${ORG_ID}::uuid FOR UPDATE`;
    if (row?.status !== "SCANNING") return null;
    const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { id: true, slug: true, name: true } });
    return recordGroupScan(tx, {
      org, report, scan, textSha256: sha256Hex(text), ocrTextCipher: sealGroupField(text, "group-report", orgId, reportId, "ocr"), actor: WORKER_ACTOR,
      // The reporting request's id (the job's payload), for the officers' mails; the worker has no ip or agent.
      request: { ip: null, userAgent: null, requestId: payload.requestId ?? null },
    });
  });
  if (!result) return { outcome: "ALREADY_DONE" };
  for (const mailId of result.mailIds) await deliverMail(mailId);
  return { outcome: "SCANNED", verdict: scan.verdict, incidentId: result.incidentId };
}

/**
 * A screenshot the worker gave up on: SCAN_FAILED with the code (never a message), audited, and
 * the reporter asked to paste the text instead. Idempotent: only a SCANNING report changes.
 */
export async function recordGroupOcrFailure(payload: GroupOcrPayload & { errorCode: string }): Promise<boolean> {
  const { orgId, reportId } = payload;
  const errorCode = /^[A-Z_]{1,64}$/.test(payload.errorCode) ? payload.errorCode : "OCR_FAILED";
  const client = scopedDb(orgId);
  const mailIds = await client.$transaction(async (tx) => {
    const [row] = await rawSql(tx, forOrg(orgId)).query<{ status: string; reporterId: string | null }[]>`
      SELECT status::text, "reporterId"::text FROM "GroupReport" WHERE id = ${reportId}::uuid AND "orgId" = ${ORG_ID}::uuid FOR UPDATE`;
    if (row?.status !== "SCANNING") return null;
    await tx.groupReport.update({ where: { id: reportId, orgId }, data: { status: "SCAN_FAILED", ocrErrorCode: errorCode }, select: { id: true } });
    await recordAuditEvent(tx, { orgId, ...WORKER_ACTOR, action: "group_report.scan_failed", targetType: "GroupReport", targetId: reportId, metadata: { errorCode } });
    if (!row.reporterId) return [];
    const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true, name: true } });
    return notifyUsers(tx, { orgId, orgSlug: org.slug, orgName: org.name, postId: null, kind: "group_report_failed", userIds: [row.reporterId], request: { requestId: payload.requestId } });
  });
  if (!mailIds) return false;
  for (const mailId of mailIds) await deliverMail(mailId);
  return true;
}
