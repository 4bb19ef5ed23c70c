import { z } from "zod";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { buildPolicyPdf } from "./policy-pdf";
import { versionIdSchema } from "./policy-input";
import { detail, maySeeUnapproved } from "./policy-views";

export const downloadPolicyPdfSchema = z.object({ versionId: versionIdSchema });

/** Any version as a PDF (drafts and versions in review for editors and approvers only); each download is audited. */
export async function downloadPolicyPdf(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "manual.read");
  const { versionId } = parseInput(downloadPolicyPdfSchema, input);
  const orgId = ctx.org.id;
  const v = await ctx.db.$transaction(async (tx) => {
    const row = await tx.policyManualVersion.findFirst({ where: { id: versionId, orgId } });
    if (!row || (row.status !== "APPROVED" && !maySeeUnapproved(ctx))) throw AppError.notFound("Version not found");
    return detail(tx, row);
  });
  const bytes = await buildPolicyPdf({ orgName: ctx.org.name, timeZone: ctx.org.timeZone, ...v });
  await ctx.db.$transaction((tx) =>
    recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: "manual.version.pdf_downloaded", targetType: "PolicyManualVersion", targetId: v.id, request: ctx.request,
      metadata: { number: v.number, status: v.status, contentSha256: v.contentSha256, bytes: bytes.length },
    }),
  );
  return { bytes, mime: "application/pdf" as const, filename: `policy-manual-v${v.number}.pdf` };
}
