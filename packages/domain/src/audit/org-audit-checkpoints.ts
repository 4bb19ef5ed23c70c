import { checkpointEnv } from "@vetted/config";
import { z } from "zod";
import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { checkpointDocument } from "./checkpoint-signature";
import { recordAuditEvent } from "./record-audit-event";
import { exportPendingCheckpoints, writeAuditCheckpoint } from "./write-audit-checkpoint";

/**
 * "Write checkpoint now" (compliance officers and admins): the request is itself an audit event,
 * and the checkpoint anchors the chain including it. The object store copy follows after commit.
 */
export async function createOrgAuditCheckpoint(ctx: TenantContext) {
  assertCan(ctx, "audit.verify");
  const result = await ctx.db.$transaction(async (tx) => {
    await recordAuditEvent(tx, { orgId: ctx.org.id, actorId: ctx.user.id, action: "audit.checkpoint_requested", targetType: "AuditTrail", targetId: ctx.org.id, request: ctx.request });
    return writeAuditCheckpoint(ctx.org.id, { reason: "manual", createdById: ctx.user.id, tx });
  });
  if (!result.written && result.reason === "previous_checkpoint_broken") {
    throw new AppError("CONFLICT", "The previous checkpoint no longer matches the audit trail; run the verification to see where it breaks");
  }
  if (result.written) await exportPendingCheckpoints().catch(() => undefined);
  return publicView(result.checkpoint!);
}

const seqSchema = z.object({ seq: z.coerce.number().int().min(1).max(2_147_483_647) });

/** One checkpoint of the caller's org as a signed JSON document; 404 for another org's (never found). */
export async function downloadOrgAuditCheckpoint(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "audit.export");
  const { seq } = parseInput(seqSchema, input);
  const row = await ctx.db.auditCheckpoint.findFirst({ where: { orgId: ctx.org.id, seq } });
  if (!row) throw AppError.notFound("Checkpoint not found");
  return { document: checkpointDocument(row), filename: `audit-checkpoint-${ctx.org.slug}-${row.seq}.json` };
}

/** The latest checkpoints and the public key that verifies them, for the audit page. */
export async function listOrgAuditCheckpoints(ctx: TenantContext, take = 10) {
  assertCan(ctx, "audit.view");
  const rows = await ctx.db.auditCheckpoint.findMany({ where: { orgId: ctx.org.id }, orderBy: { seq: "desc" }, take });
  const key = checkpointEnv();
  return { checkpoints: rows.map(publicView), publicKeyId: key.keyId, publicKeyPem: key.publicKeyPem, insecureDevKey: key.insecureDevKey };
}

function publicView(row: { seq: number; hash: string; signedAt: Date; keyId: string; reason: string; exportedAt: Date | null }) {
  return { seq: row.seq, hash: row.hash, signedAt: row.signedAt.toISOString(), keyId: row.keyId, reason: row.reason, exported: row.exportedAt !== null };
}
