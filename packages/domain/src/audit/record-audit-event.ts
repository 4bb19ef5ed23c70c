import type { Tx } from "@vetted/db";
import { z } from "zod";
import type { RequestMeta } from "../context";
import { GENESIS_HASH, hashEvent } from "./hash";

export const PLATFORM_CHAIN = "platform";

// Metadata holds ids, field names, counts and codes; free text would be a path for PHI into the trail.
const metadataValue = z.union([z.string().max(200), z.number(), z.boolean(), z.null(), z.array(z.string().max(200)).max(50)]);
export const auditMetadataSchema = z.record(z.string().max(64), metadataValue).default({});

export interface AuditEventInput {
  /** null: the platform chain, for events tied to no org (e.g. a failed sign-in for an unknown email). */
  orgId: string | null;
  actorId: string | null;
  /** Shown in the log when the actor has no user row (e.g. "system", "anonymous"). */
  actorLabel?: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  metadata?: Record<string, unknown>;
  request?: RequestMeta;
}

/**
 * Appends one event to its org's hash chain inside the caller's transaction, so the record and the
 * change it describes commit or roll back together. A transaction-scoped advisory lock per chain
 * serializes concurrent writers, keeping the chain linear.
 */
export async function recordAuditEvent(tx: Tx, input: AuditEventInput) {
  const chainKey = input.orgId ?? PLATFORM_CHAIN;
  const metadata = auditMetadataSchema.parse(input.metadata ?? {});
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`audit:${chainKey}`}, 0))`;
  const last = await tx.auditEvent.findFirst({
    where: { orgId: input.orgId, chainKey },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  const fields = {
    chainKey,
    seq: (last?.seq ?? 0) + 1,
    orgId: input.orgId,
    actorId: input.actorId,
    actorLabel: input.actorLabel ?? null,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId ?? null,
    metadata,
    ip: input.request?.ip ?? null,
    userAgent: input.request?.userAgent?.slice(0, 400) ?? null,
    createdAt: new Date(),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  return tx.auditEvent.create({ data: { ...fields, prevHash, hash: hashEvent(fields, prevHash) } });
}
