import { createHash, createHmac } from "node:crypto";
import { auditEnv } from "@vetted/config";

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
  /**
   * Which AUDIT_CHAIN_KEY the event's hash is an HMAC under. null: a legacy event from before the
   * chain was keyed, hashed with plain SHA-256 (verification counts these separately).
   */
  keyId?: string | null;
}

/** A keyed event names a key id that is not configured (retired from AUDIT_CHAIN_RETIRED_KEYS too early, or forged). */
export class UnknownAuditKeyError extends Error {
  override name = "UnknownAuditKeyError";
  constructor(readonly keyId: string) {
    super(`Audit event is keyed with key id "${keyId}", which AUDIT_CHAIN_KEY / AUDIT_CHAIN_RETIRED_KEYS do not list`);
  }
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

/**
 * The event's link in its chain. Keyed events (keyId set) are HMAC-SHA256 under a secret kept out of
 * the database, so someone who can rewrite rows cannot recompute a consistent chain; the key id is
 * part of what is signed. Legacy events (no keyId) keep their original SHA-256.
 */
export function hashEvent(f: HashedFields, prevHash: string, keys?: ReadonlyMap<string, Buffer>): string {
  // Fields are picked by name, not spread: verification passes whole rows (with id, hash, prevHash),
  // which must hash exactly like the input the row was written from.
  const picked = {
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
  };
  if (!f.keyId) return createHash("sha256").update(prevHash).update("\n").update(canonicalJson(picked)).digest("hex");
  const key = (keys ?? auditEnv().keys).get(f.keyId);
  if (!key) throw new UnknownAuditKeyError(f.keyId);
  // "v2" separates the keyed form from the legacy one even if a key were ever empty.
  return createHmac("sha256", key).update("v2\n").update(prevHash).update("\n").update(canonicalJson({ ...picked, keyId: f.keyId })).digest("hex");
}
