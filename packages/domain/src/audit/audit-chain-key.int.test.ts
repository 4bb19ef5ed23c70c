import { auditEnv } from "@vetted/config";
import { db, disconnectDb, type AuditEvent } from "@vetted/db";
import { createAgency, createOrg, withPgClient } from "@vetted/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson, GENESIS_HASH, hashEvent, type HashedFields } from "./hash";
import { recordAuditEvent } from "./record-audit-event";
import { verifyAuditChain } from "./verify-audit-chain";
import { createHash, randomUUID } from "node:crypto";

// Finding 8d: the chain is keyed (HMAC-SHA256, AUDIT_CHAIN_KEY), so someone who can rewrite rows
// but does not hold the key cannot produce a chain that verifies.

let agencyId: string;
beforeAll(async () => {
  agencyId = (await createAgency()).id;
});
afterAll(() => disconnectDb());

const chain = (orgId: string) => db().auditEvent.findMany({ where: { orgId, chainKey: orgId }, orderBy: { seq: "asc" } });

async function orgWithEvents(n: number) {
  const org = await createOrg(agencyId);
  for (let i = 0; i < n; i++) {
    await db().$transaction((tx) => recordAuditEvent(tx, { orgId: org.id, actorId: null, actorLabel: "system", action: "test.event", targetType: "Test", targetId: `${i}`, metadata: { i } }));
  }
  return org;
}

/** The attacker's SHA-256 of a row as the unkeyed chain computed it, over the same canonical fields. */
function unkeyedSha256(row: HashedFields, prevHash: string) {
  const { keyId: _k, ...rest } = row;
  return hashEvent({ ...rest, keyId: null }, prevHash);
}

/** Rewrites rows from index `from` on as the owner with triggers off: `edit` each, then relink with `rehash`. */
async function rewriteFrom(rows: AuditEvent[], from: number, edit: (row: AuditEvent, first: boolean) => AuditEvent, rehash: (row: AuditEvent, prev: string) => string) {
  await withPgClient(async (client) => {
    await client.query("BEGIN");
    await client.query("SET LOCAL session_replication_role = replica");
    let prev = rows[from - 1]?.hash ?? GENESIS_HASH;
    for (const [i, original] of rows.slice(from).entries()) {
      const row = { ...edit(original, i === 0), prevHash: prev };
      row.hash = rehash(row, prev);
      await client.query(`UPDATE "AuditEvent" SET action = $2, "keyId" = $3, "prevHash" = $4, hash = $5 WHERE id = $1::uuid`, [row.id, row.action, row.keyId, row.prevHash, row.hash]);
      prev = row.hash;
    }
    await client.query("COMMIT");
  });
}

describe("keyed audit chain", () => {
  it("writes new events under the active key id, and they verify", async () => {
    const org = await orgWithEvents(3);
    const rows = await chain(org.id);
    expect(rows.map((r) => r.keyId)).toEqual([auditEnv().activeKeyId, auditEnv().activeKeyId, auditEnv().activeKeyId]);
    // Not the unkeyed SHA-256 that anyone could recompute.
    expect(rows[0]?.hash).not.toBe(unkeyedSha256(rows[0]!, GENESIS_HASH));
    expect(await verifyAuditChain(org.id)).toEqual({ ok: true, events: 3, lastSeq: 3, lastHash: rows[2]?.hash, checkpoint: { status: "none" } });
  });

  it("detects a chain rewritten with a correct unkeyed SHA-256 recomputation", async () => {
    const org = await orgWithEvents(4);
    const rows = await chain(org.id);
    // The forger keeps the key id and recomputes every following link with plain SHA-256.
    const tamper = (row: AuditEvent, first: boolean) => (first ? { ...row, action: "x" } : row);
    await rewriteFrom(rows, 1, tamper, (row, prev) => createHash("sha256").update(prev).update("\n").update(canonicalJson({ ...pick(row), ...(row.keyId ? { keyId: row.keyId } : {}) })).digest("hex"));
    expect(await verifyAuditChain(org.id)).toMatchObject({ ok: false, brokenAt: { seq: 2, reason: "event content does not match its hash" } });
  });

  it("detects a rewrite that downgrades events to the legacy (unkeyed) form", async () => {
    const org = await orgWithEvents(4);
    const rows = await chain(org.id);
    // The forger rewrites events 2–4 as if they came from before the key, chaining them correctly.
    const legacy = (row: AuditEvent, first: boolean) => ({ ...row, keyId: null, action: first ? "x" : row.action });
    await rewriteFrom(rows, 1, legacy, (row, prev) => unkeyedSha256(row, prev));
    expect(await verifyAuditChain(org.id)).toMatchObject({ ok: false, brokenAt: { seq: 2, reason: "unkeyed (legacy) event after keyed events" } });
  });

  it("fails verification under the wrong key", async () => {
    const org = await orgWithEvents(2);
    const wrong = new Map([[auditEnv().activeKeyId, Buffer.alloc(32, 42)]]);
    expect(await verifyAuditChain(org.id, wrong)).toMatchObject({ ok: false, brokenAt: { seq: 1, reason: "event content does not match its hash" } });
    expect(await verifyAuditChain(org.id, new Map())).toMatchObject({ ok: false, brokenAt: { seq: 1, reason: expect.stringMatching(/key id/) } });
  });

  it("verifies a legacy (unkeyed) chain from before the key, and says so", async () => {
    const org = await createOrg(agencyId);
    let prev = GENESIS_HASH;
    await withPgClient(async (client) => {
      for (let seq = 1; seq <= 2; seq++) {
        const f: HashedFields = { chainKey: org.id, seq, orgId: org.id, actorId: null, actorLabel: "system", action: "legacy.event", targetType: "Test", targetId: null, metadata: {}, ip: null, userAgent: null, createdAt: new Date() };
        const hash = hashEvent(f, prev);
        await client.query(
          `INSERT INTO "AuditEvent" (id, "chainKey", seq, "orgId", "actorLabel", action, "targetType", metadata, "createdAt", "prevHash", hash) VALUES ($1, $2, $3, $4, 'system', 'legacy.event', 'Test', '{}', $5, $6, $7)`,
          [randomUUID(), org.id, seq, org.id, f.createdAt, prev, hash],
        );
        prev = hash;
      }
    });
    // New events continue the chain keyed.
    await db().$transaction((tx) => recordAuditEvent(tx, { orgId: org.id, actorId: null, actorLabel: "system", action: "test.event", targetType: "Test" }));
    const result = await verifyAuditChain(org.id);
    expect(result).toMatchObject({ ok: true, events: 3, legacyEvents: 2 });
  });
});

function pick(row: AuditEvent) {
  return {
    chainKey: row.chainKey, seq: row.seq, orgId: row.orgId, actorId: row.actorId, actorLabel: row.actorLabel, action: row.action,
    targetType: row.targetType, targetId: row.targetId, metadata: row.metadata, ip: row.ip, userAgent: row.userAgent, createdAt: row.createdAt.toISOString(),
  };
}
