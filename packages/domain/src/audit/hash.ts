import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

/** Fields that the hash covers, in a fixed shape; anything altered in a row changes its hash. */
export interface HashedFields {
  chainKey: string;
  seq: number;
  orgId: string | null;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  metadata: unknown;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
}

/** JSON with object keys sorted at every depth, so the same event always serializes the same way. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function hashEvent(f: HashedFields, prevHash: string): string {
  // Fields are picked by name, not spread: verification passes whole rows (with id, hash, prevHash),
  // which must hash exactly like the input the row was written from.
  const canonical = canonicalJson({
    chainKey: f.chainKey,
    seq: f.seq,
    orgId: f.orgId,
    actorId: f.actorId,
    actorLabel: f.actorLabel,
    action: f.action,
    targetType: f.targetType,
    targetId: f.targetId,
    metadata: f.metadata,
    ip: f.ip,
    userAgent: f.userAgent,
    createdAt: f.createdAt.toISOString(),
  });
  return createHash("sha256").update(prevHash).update("\n").update(canonical).digest("hex");
}
