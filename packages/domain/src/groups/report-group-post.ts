import { randomUUID } from "node:crypto";
import { mediaEnv } from "@vetted/config";
import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { deliverMail } from "../mail/send-mail";
import { putAll } from "../media/media-files";
import { assertSafeKey, mediaStorage } from "../media/storage";
import { stripImage } from "../media/upload-media";
import { sha256Hex } from "../moderation/moderation-crypto";
import { channelSchema } from "../posts/post-schemas";
import { loadOrgScanConfig } from "../scans/load-org-scan-config";
import { scanProducer } from "../scans/scan-producer";
import { webRequestId } from "../request-origin";
import { parseInput } from "../validate";
import { dispatchGroupOcrNow } from "./dispatch-group-ocr";
import { sealGroupField, sealGroupOptional } from "./group-crypto";
import { recordGroupScan, scanGroupText } from "./group-report-scan";

/** A form's empty field is "not given", not an invalid value. */
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const MAX_TEXT = 10_000;
/** A clock a few minutes fast must not make "just now" a time in the future. */
const CLOCK_SKEW_MS = 5 * 60_000;

export const reportGroupPostSchema = z
  .object({
    groupName: z.string({ message: "Name the group" }).trim().min(1, "Name the group").max(200, "Keep the group name under 200 characters"),
    channel: channelSchema,
    authorUserId: z.preprocess(blank, z.uuid({ message: "Choose a member of the organization" }).optional()),
    authorName: z.preprocess(blank, z.string().trim().max(200, "Keep the name under 200 characters").optional()),
    postedAt: z.preprocess(blank, z.iso.datetime({ offset: true, message: "Enter when it was posted as a date and time" }).optional()),
    text: z.preprocess(blank, z.string().trim().max(MAX_TEXT, `Keep the text under ${MAX_TEXT} characters`).optional()),
    bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: "Attach a screenshot (PNG, JPEG or WebP)" }).optional(),
    // Accepted and dropped: a file name may name the patient.
    filename: z.string().max(1000).optional(),
  })
  .superRefine((d, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (!d.text && !d.bytes) issue("text", "Paste the post's text or attach a screenshot of it");
    if (d.text && d.bytes) issue("text", "Paste the text or attach a screenshot, not both");
    if (!d.authorUserId && !d.authorName) issue("authorUserId", "Pick the member who posted it, or type their name");
    if (d.postedAt && Date.parse(d.postedAt) > Date.now() + CLOCK_SKEW_MS) issue("postedAt", "When it was posted cannot be in the future");
  });
export type ReportGroupPostInput = z.input<typeof reportGroupPostSchema>;

/** 413 naming the screenshot field; the route checks Content-Length against the same limit. */
export const groupScreenshotTooLarge = () => {
  const mb = Math.floor(mediaEnv().MEDIA_MAX_BYTES / 1048576);
  return new AppError("PAYLOAD_TOO_LARGE", `The screenshot is larger than the ${mb} MB upload limit`, { screenshot: [`At most ${mb} MB`] });
};

/**
 * A member reports a post from a private or employee group. Pasted text is scanned now (a text scan
 * takes milliseconds) and the officers hear of it in the same transaction; a screenshot is stored
 * (metadata stripped) and its OCR runs in the worker, through the report row as outbox.
 */
export async function reportGroupPost(ctx: TenantContext, input: ReportGroupPostInput) {
  assertCan(ctx, "groups.report");
  const { MEDIA_MAX_BYTES, MEDIA_MAX_PIXELS } = mediaEnv();
  if (input?.bytes instanceof Uint8Array && input.bytes.length > MEDIA_MAX_BYTES) throw groupScreenshotTooLarge();
  const d = parseInput(reportGroupPostSchema, input);
  const orgId = ctx.org.id;
  const id = randomUUID();
  if (d.authorUserId && !(await ctx.db.membership.findFirst({ where: { orgId, userId: d.authorUserId }, select: { id: true } }))) {
    throw new AppError("VALIDATION", "The author must be a member of the organization", { authorUserId: ["Choose a member of the organization, or type the name instead"] });
  }
  const screenshot = d.bytes ? await storeScreenshot(orgId, id, d.bytes, MEDIA_MAX_PIXELS) : null;
  const scan = d.text ? scanGroupText(d.text, d.channel, await loadOrgScanConfig(ctx.db, orgId)) : null;
  const result = await ctx.db.$transaction(async (tx) => {
    const report = await tx.groupReport.create({
      data: {
        id, orgId, source: screenshot ? "SCREENSHOT" : "PASTE", channel: d.channel, status: screenshot ? "SCANNING" : "OPEN",
        groupNameCipher: sealGroupField(d.groupName, "group-report", orgId, id, "group"),
        authorUserId: d.authorUserId ?? null, authorNameCipher: sealGroupOptional(d.authorName, "group-report", orgId, id, "author"),
        postedAt: d.postedAt ? new Date(d.postedAt) : null, textCipher: sealGroupOptional(d.text, "group-report", orgId, id, "text"),
        screenshotKey: screenshot?.key ?? null, reporterId: ctx.user.id, requestId: screenshot ? webRequestId(ctx.request) : null,
      },
      select: { id: true, source: true, authorUserId: true, createdAt: true },
    });
    await recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: "group_report.created", targetType: "GroupReport", targetId: id, request: ctx.request,
      metadata: { source: report.source, channel: d.channel, authorUserId: d.authorUserId ?? null, typedAuthor: !!d.authorName, screenshotBytes: screenshot?.bytes ?? null },
    });
    if (!scan || !d.text) return { incidentId: null, mailIds: [] };
    return recordGroupScan(tx, { org: ctx.org, report, scan, textSha256: sha256Hex(d.text), actor: { actorId: ctx.user.id }, request: ctx.request });
  }).catch(async (error: unknown) => {
    // No row, no file: a screenshot stored for a report that was never written is removed again.
    await screenshot?.undo();
    throw error;
  });
  for (const mailId of result.mailIds) await deliverMail(mailId);
  if (screenshot) await dispatchGroupOcrNow([{ id, orgId, requestId: webRequestId(ctx.request) }], scanProducer(), 1_000);
  return { report: { id, status: screenshot ? "SCANNING" : "OPEN", verdict: scan?.verdict ?? null, incidentId: result.incidentId } };
}

/** The screenshot re-encoded without metadata (EXIF, GPS): the OCR reads pixels only, and it is kept as evidence. */
async function storeScreenshot(orgId: string, reportId: string, bytes: Uint8Array, maxPixels: number) {
  const stripped = await stripImage(bytes, maxPixels).catch((error: unknown) => {
    // The media pipeline names its field "file"; here the field is the screenshot.
    if (error instanceof AppError && error.fields?.file) throw new AppError(error.code, error.message, { screenshot: error.fields.file });
    throw error;
  });
  const key = `${orgId}/group-reports/${reportId}`;
  assertSafeKey(key);
  const { undo } = await putAll(mediaStorage(), [{ key, bytes: stripped.data }]);
  return { key, bytes: stripped.data.length, undo };
}
