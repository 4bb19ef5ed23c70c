import { auditEnv } from "@vetted/config";
import type { Prisma, RawClient, Tx } from "@vetted/db";
import { acrossOrgs, forOrg, ORG_ID, rawSql } from "@vetted/db";
import { z } from "zod";
import type { RequestMeta } from "../context";
import { jsonInsert } from "../json-insert";
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
 * serializes concurrent writers, keeping the chain linear; it is held until the commit, so callers
 * append last, just before committing.
 */
export async function recordAuditEvent(tx: Tx, input: AuditEventInput) {
  const [event] = await chainEvents(tx, [input]);
  return tx.auditEvent.create({ data: event! });
}

/**
 * Appends several events of one chain, in order, under a single lock acquisition and one insert:
 * for a caller that commits many changes of one org together (the scan worker's batched writes).
 * The chain is the same as from one recordAuditEvent call per event.
 */
export async function recordAuditEvents(tx: Tx, inputs: AuditEventInput[]): Promise<void> {
  const insert = await lockAndChainAuditEvents(tx, inputs);
  if (insert) await rawSql(tx, auditChainScope(inputs[0]!.orgId)).execute(insert);
}

/**
 * recordAuditEvents in two halves, for a caller that sends the insert together with its own last
 * writes in one statement: this takes the chain's lock and reads its head, and returns the insert.
 * The caller must run that insert in the same transaction (the lock is held until it ends), and
 * nothing else may be appended to the chain in between.
 */
export async function lockAndChainAuditEvents(tx: RawClient, inputs: AuditEventInput[], opts: { onlyIf?: Prisma.Sql } = {}): Promise<Prisma.Sql | null> {
  if (inputs.length === 0) return null;
  // An org chain's rows are bound to the org, so the insert runs only under forOrg of that org.
  const orgId = inputs[0]!.orgId;
  // With onlyIf, the events may end up not inserted: the head is unchanged then, and the lock ends with the transaction.
  return jsonInsert("AuditEvent", AUDIT_COLUMNS, await chainEvents(tx, inputs), orgId ? { orgId: ORG_ID, chainKey: ORG_ID } : {}, opts.onlyIf);
}

/** The raw SQL scope of an audit chain: its org, or none for the platform chain. */
export const auditChainScope = (orgId: string | null) => (orgId ? forOrg(orgId) : acrossOrgs("the platform audit chain belongs to no org"));

const AUDIT_COLUMNS = {
  chainKey: "text", seq: "int", orgId: "uuid", actorId: "uuid", actorLabel: "text", action: "text", targetType: "text",
  targetId: "text", metadata: "jsonb", ip: "text", userAgent: "text", createdAt: "timestamptz(3)", prevHash: "text", hash: "text", keyId: "text",
};

async function chainEvents(tx: RawClient, inputs: AuditEventInput[]) {
  const orgId = inputs[0]!.orgId;
  if (inputs.some((i) => i.orgId !== orgId)) throw new Error("recordAuditEvents: all events must belong to one chain");
  const chainKey = orgId ?? PLATFORM_CHAIN;
  // Validate before taking the lock, so a bad event never holds up the org's other writers.
  const metadatas = inputs.map((i) => auditMetadataSchema.parse(i.metadata ?? {}));
  // The chain's advisory lock and its head in one round trip (vetted_audit_chain_head, migration
  // 20261207032000): the lock is held until the commit, so each round trip after it is time every other
  // writer of the org waits. The head is read by chainKey alone (it names the org, or the platform), so
  // the (chainKey, seq) unique index answers with one backward step.
  const [last] = await rawSql(tx, auditChainScope(orgId)).query<{ seq: number; hash: string }[]>`
    SELECT seq, hash FROM vetted_audit_chain_head(${orgId ? ORG_ID : PLATFORM_CHAIN}::text)`;
  // Every new event is an HMAC under the active AUDIT_CHAIN_KEY; its id is stored so keys can rotate.
  const { keys, activeKeyId } = auditEnv();
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  return inputs.map((input, i) => {
    const fields = {
      chainKey,
      seq: ++seq,
      orgId,
      actorId: input.actorId,
      actorLabel: input.actorLabel ?? null,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId ?? null,
      metadata: metadatas[i]!,
      ip: input.request?.ip ?? null,
      userAgent: input.request?.userAgent?.slice(0, 400) ?? null,
      createdAt: new Date(),
      keyId: activeKeyId,
    };
    const hash = hashEvent(fields, prevHash, keys);
    const row = { ...fields, prevHash, hash };
    prevHash = hash;
    return row;
  });
}
