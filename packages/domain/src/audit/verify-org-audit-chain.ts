import type { TenantContext } from "../context";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "./record-audit-event";
import { verifyAuditChain, type ChainVerification } from "./verify-audit-chain";

/** The "verify chain" button: checks the org's trail and records that someone checked it, and how it came out. */
export async function verifyOrgAuditChain(ctx: TenantContext): Promise<ChainVerification> {
  assertCan(ctx, "audit.verify");
  const result = await verifyAuditChain(ctx.org.id);
  await ctx.db.$transaction((tx) =>
    recordAuditEvent(tx, {
      orgId: ctx.org.id,
      actorId: ctx.user.id,
      action: "audit.verified",
      targetType: "AuditTrail",
      targetId: ctx.org.id,
      metadata: {
        ...(result.ok ? { ok: true, events: result.events, ...(result.legacyEvents ? { legacyEvents: result.legacyEvents } : {}) } : { ok: false, brokenSeq: result.brokenAt.seq }),
        checkpoint: result.checkpoint?.status ?? null,
      },
      request: ctx.request,
    }),
  );
  return result;
}
