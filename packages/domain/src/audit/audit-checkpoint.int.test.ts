import { generateKeyPairSync, sign } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkpointEnv } from "@vetted/config";
import { db, disconnectDb, type Organization } from "@vetted/db";
import { withPgClient } from "@vetted/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDiskStorage } from "../media/storage";
import { createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { checkpointDocument, checkpointPayload, checkpointSignatureValid, verifyPayload } from "./checkpoint-signature";
import { canonicalJson } from "./hash";
import { downloadOrgAuditCheckpoint, createOrgAuditCheckpoint } from "./org-audit-checkpoints";
import { recordAuditEvent } from "./record-audit-event";
import { verifyAuditChain } from "./verify-audit-chain";
import { checkpointAuditChains, checkpointObjectKey, writeAuditCheckpoint } from "./write-audit-checkpoint";

let a: TestOrg;
let b: TestOrg;
let dir: string;

const record = async (org: Organization, n: number) => {
  for (let i = 0; i < n; i++) {
    await db().$transaction((tx) => recordAuditEvent(tx, { orgId: org.id, actorId: null, actorLabel: "system", action: "test.event", targetType: "Test", targetId: `${i}` }));
  }
};
const checkpoints = (org: Organization) => db().auditCheckpoint.findMany({ where: { orgId: org.id }, orderBy: { seq: "asc" } });

/** As the table owner with triggers off: what someone with the database's keys could do, never the app. */
async function asOwnerBypassingTriggers(sql: string, params: unknown[]) {
  return withPgClient(async (client) => {
    await client.query("SET session_replication_role = replica");
    try {
      return (await client.query(sql, params)).rowCount;
    } finally {
      await client.query("RESET session_replication_role");
    }
  });
}

beforeAll(async () => {
  [a, b] = await Promise.all([createOrgWithMembers(), createOrgWithMembers()]);
  dir = await mkdtemp(path.join(tmpdir(), "vetted-checkpoints-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await disconnectDb();
});

describe("audit checkpoints", () => {
  it("signs the chain head, verifiably with the public key alone, and the chain verifies against it", async () => {
    const org = (await createOrgWithMembers()).org;
    await record(org, 3);
    const result = await writeAuditCheckpoint(org.id, { reason: "manual" });
    expect(result.written).toBe(true);
    const cp = result.checkpoint!;
    const head = await db().auditEvent.findFirst({ where: { orgId: org.id, chainKey: org.id }, orderBy: { seq: "desc" } });
    expect({ seq: cp.seq, hash: cp.hash, keyId: cp.keyId }).toEqual({ seq: 3, hash: head!.hash, keyId: checkpointEnv().keyId });
    expect(checkpointSignatureValid(cp)).toBe(true);
    const doc = checkpointDocument(cp);
    expect(doc.publicKeyId).toBe(cp.keyId);
    expect(verifyPayload(doc.payload, doc.signature, doc.publicKeyPem!)).toBe(true);
    expect(verifyPayload({ ...doc.payload, seq: 2 }, doc.signature, doc.publicKeyPem!)).toBe(false);
    expect(await verifyAuditChain(org.id)).toMatchObject({ ok: true, events: 3, checkpoint: { status: "ok", seq: 3 } });
  });

  it("detects a deleted tail and names the first missing event; the hourly job refuses to re-anchor it", async () => {
    const org = (await createOrgWithMembers()).org;
    await record(org, 5);
    await writeAuditCheckpoint(org.id, { reason: "scheduled" });
    // The intact chain of events 1..3 still verifies link by link: only the checkpoint shows the loss.
    expect(await asOwnerBypassingTriggers(`DELETE FROM "AuditEvent" WHERE "chainKey" = $1 AND seq >= 4`, [org.id])).toBe(2);
    const result = await verifyAuditChain(org.id);
    expect(result).toMatchObject({ ok: false, events: 3, brokenAt: { seq: 4, id: null }, checkpoint: { status: "tail_missing", seq: 5, firstMissingSeq: 4 } });
    expect(!result.ok && result.brokenAt.reason).toMatch(/events 4 to 5 are missing/);
    // Appending again (seq 4, 5, 6) must not let a new checkpoint bless the rewritten chain.
    await record(org, 3);
    expect(await writeAuditCheckpoint(org.id, { reason: "scheduled" })).toMatchObject({ written: false, reason: "previous_checkpoint_broken" });
    expect(await verifyAuditChain(org.id)).toMatchObject({ ok: false, brokenAt: { seq: 5 }, checkpoint: { status: "hash_mismatch", seq: 5 } });
    expect((await checkpoints(org)).map((c) => c.seq)).toEqual([5]);
  });

  it("refuses a forged checkpoint (signed with another key, or altered)", async () => {
    const org = (await createOrgWithMembers()).org;
    await record(org, 2);
    const head = await db().auditEvent.findFirst({ where: { orgId: org.id, chainKey: org.id, seq: 2 } });
    // The app role may insert checkpoints; a forger with its credentials claims the configured key id.
    const forger = generateKeyPairSync("ed25519").privateKey;
    const row = { orgId: org.id, seq: 2, hash: head!.hash, signedAt: new Date(), keyId: checkpointEnv().keyId };
    const signature = sign(null, Buffer.from(canonicalJson(checkpointPayload(row))), forger).toString("base64");
    await db().auditCheckpoint.create({ data: { ...row, signature, reason: "manual" } });
    const result = await verifyAuditChain(org.id);
    expect(result).toMatchObject({ ok: false, brokenAt: { seq: 2 }, checkpoint: { status: "invalid_signature", seq: 2 } });
    expect(!result.ok && result.brokenAt.reason).toMatch(/not validly signed/);
  });

  it("is append-only: the app can set exportedAt once and change nothing else", async () => {
    const org = (await createOrgWithMembers()).org;
    await record(org, 1);
    const cp = (await writeAuditCheckpoint(org.id, { reason: "manual" })).checkpoint!;
    await expect(db().auditCheckpoint.updateMany({ where: { orgId: org.id, id: cp.id }, data: { hash: "f".repeat(64) } })).rejects.toThrow();
    await expect(db().auditCheckpoint.deleteMany({ where: { orgId: org.id, id: cp.id } })).rejects.toThrow();
    await db().auditCheckpoint.updateMany({ where: { orgId: org.id, id: cp.id }, data: { exportedAt: new Date() } });
    await expect(db().auditCheckpoint.updateMany({ where: { orgId: org.id, id: cp.id }, data: { exportedAt: new Date(0) } })).rejects.toThrow(/append-only/);
    await expect(withPgClient((c) => c.query(`DELETE FROM "AuditCheckpoint" WHERE id = $1::uuid`, [cp.id]))).rejects.toThrow(/append-only/);
  });

  it("the hourly job writes only when the head moved, and exports each checkpoint to the object store", async () => {
    const org = (await createOrgWithMembers()).org;
    const store = new LocalDiskStorage(dir);
    await record(org, 2);
    await checkpointAuditChains(store);
    expect((await checkpoints(org)).map((c) => [c.seq, c.reason, c.exportedAt !== null])).toEqual([[2, "scheduled", true]]);
    await checkpointAuditChains(store);
    expect(await checkpoints(org)).toHaveLength(1);
    await record(org, 1);
    await checkpointAuditChains(store);
    expect((await checkpoints(org)).map((c) => c.seq)).toEqual([2, 3]);
    const exported = JSON.parse(await readFile(path.join(dir, ...checkpointObjectKey(org.id, 3).split("/")), "utf8"));
    expect(exported.payload).toMatchObject({ orgId: org.id, seq: 3 });
    expect(verifyPayload(exported.payload, exported.signature, exported.publicKeyPem)).toBe(true);
  });
});

describe("audit checkpoints per org", () => {
  it("a compliance officer writes one on demand; staff may not; another org never downloads it", async () => {
    await record(a.org, 1);
    const cp = await createOrgAuditCheckpoint(a.ctx.COMPLIANCE_OFFICER);
    // The request is itself recorded, and the checkpoint anchors the chain including it.
    const head = await db().auditEvent.findFirst({ where: { orgId: a.org.id, chainKey: a.org.id }, orderBy: { seq: "desc" } });
    expect({ seq: cp.seq, action: head?.action }).toEqual({ seq: head!.seq, action: "audit.checkpoint_requested" });
    await expectAppError(createOrgAuditCheckpoint(a.ctx.STAFF), "FORBIDDEN");
    const own = await downloadOrgAuditCheckpoint(a.ctx.ADMIN, { seq: String(cp.seq) });
    expect(own.document.payload).toMatchObject({ orgId: a.org.id, seq: cp.seq });
    await expectAppError(downloadOrgAuditCheckpoint(b.ctx.ADMIN, { seq: String(cp.seq) }), "NOT_FOUND");
    await expectAppError(downloadOrgAuditCheckpoint(a.ctx.ADMIN, { seq: "abc" }), "VALIDATION");
  });
});
