import { db, disconnectDb, type Organization, forOrg, rawSql, ORG_ID } from "@vetted/db";
import { createAgency, createOrg, withPgClient } from "@vetted/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashEvent } from "./hash";
import { recordAuditEvent } from "./record-audit-event";
import { verifyAuditChain } from "./verify-audit-chain";

let agencyId: string;
const freshOrg = () => createOrg(agencyId);

// 200 transactions share a pool of 10 connections and queue on one advisory lock per chain, so the
// default 2 s wait for a connection (and 5 s per transaction) is too short for this burst.
const BURST = { maxWait: 30_000, timeout: 30_000 };

/** n audited changes on one org's chain, each its own transaction. */
const record = (org: Organization, n: number, action = "test.event") =>
  Array.from({ length: n }, (_, i) =>
    db().$transaction(
      (tx) => recordAuditEvent(tx, { orgId: org.id, actorId: null, actorLabel: "system", action, targetType: "Test", targetId: `${i}`, metadata: { i } }),
      BURST,
    ),
  );

const chain = (org: Organization) => db().auditEvent.findMany({ where: { orgId: org.id, chainKey: org.id }, orderBy: { seq: "asc" } });

beforeAll(async () => {
  agencyId = (await createAgency()).id;
});

afterAll(() => disconnectDb());

describe("audit chain under concurrency", () => {
  it("stays linear with 200 concurrent writers across two orgs", async () => {
    const [a, b] = await Promise.all([freshOrg(), freshOrg()]);
    const written = await Promise.all([...record(a, 100), ...record(b, 100)]);
    expect(written).toHaveLength(200);

    for (const org of [a, b]) {
      const rows = await chain(org);
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      expect(new Set(rows.map((r) => r.targetId)).size).toBe(100);
      rows.forEach((row, i) => {
        if (i > 0) expect(row.prevHash).toBe(rows[i - 1]?.hash);
      });
      expect(await verifyAuditChain(org.id)).toEqual({ ok: true, events: 100, lastSeq: 100, lastHash: rows[99]?.hash, checkpoint: { status: "none" } });
    }
  });

  it("rolls the event back with the change it describes", async () => {
    const org = await freshOrg();
    await record(org, 1)[0];
    await expect(
      db().$transaction(async (tx) => {
        await recordAuditEvent(tx, { orgId: org.id, actorId: null, action: "test.rolled_back", targetType: "Test" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    await record(org, 1)[0];
    expect((await chain(org)).map((r) => [r.seq, r.action])).toEqual([[1, "test.event"], [2, "test.event"]]);
    expect((await verifyAuditChain(org.id)).ok).toBe(true);
  });

  it("refuses free-text metadata that could carry PHI", async () => {
    const org = await freshOrg();
    await expect(
      db().$transaction((tx) => recordAuditEvent(tx, { orgId: org.id, actorId: null, action: "x", targetType: "x", metadata: { note: "x".repeat(201) } })),
    ).rejects.toThrow();
    await expect(
      db().$transaction((tx) => recordAuditEvent(tx, { orgId: org.id, actorId: null, action: "x", targetType: "x", metadata: { nested: { a: 1 } } })),
    ).rejects.toThrow();
    expect(await chain(org)).toHaveLength(0);
  });
});

describe("append-only in the database", () => {
  it("rejects UPDATE and DELETE of an audit row", async () => {
    const org = await freshOrg();
    const [row] = await Promise.all(record(org, 1));
    // The app's role has no UPDATE or DELETE on the table at all; the owner is stopped by the trigger.
    const asApp = rawSql(db(), forOrg(org.id));
    await expect(asApp.execute`UPDATE "AuditEvent" SET action = 'tampered' WHERE id = ${row?.id}::uuid AND "orgId" = ${ORG_ID}::uuid`).rejects.toThrow(/permission denied/);
    await expect(asApp.execute`DELETE FROM "AuditEvent" WHERE id = ${row?.id}::uuid AND "orgId" = ${ORG_ID}::uuid`).rejects.toThrow(/permission denied/);
    await withPgClient(async (client) => {
      await expect(client.query(`UPDATE "AuditEvent" SET action = 'tampered' WHERE id = $1::uuid`, [row?.id])).rejects.toThrow(/append-only/);
      await expect(client.query(`DELETE FROM "AuditEvent" WHERE id = $1::uuid`, [row?.id])).rejects.toThrow(/append-only/);
    });
    expect(await chain(org)).toEqual([expect.objectContaining({ id: row?.id, action: "test.event" })]);
  });

  it("rejects TRUNCATE", async () => {
    const org = await freshOrg();
    await Promise.all(record(org, 1));
    await withPgClient(async (client) => {
      // Inside a transaction that is rolled back whatever happens, so a missing trigger cannot wipe the table.
      await client.query("BEGIN");
      try {
        await expect(client.query(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only: TRUNCATE/);
      } finally {
        await client.query("ROLLBACK");
      }
    });
    expect(await chain(org)).toHaveLength(1);
  });
});

/** Bypasses the trigger the way a superuser could, to prove verification does not rely on it. */
async function behindTheTriggersBack(sql: string, params: unknown[]) {
  await withPgClient(async (client) => {
    await client.query("SET session_replication_role = replica");
    try {
      const result = await client.query(sql, params);
      expect(result.rowCount).toBe(1);
    } finally {
      await client.query("RESET session_replication_role");
    }
  });
}

describe("verifyAuditChain finds tampering", () => {
  it("reports an altered row with its seq", async () => {
    const org = await freshOrg();
    for (let i = 0; i < 5; i++) await record(org, 1)[0];
    const third = (await chain(org))[2];
    await behindTheTriggersBack(`UPDATE "AuditEvent" SET action = 'x' WHERE id = $1::uuid`, [third?.id]);
    expect(await verifyAuditChain(org.id)).toEqual({
      ok: false,
      events: 2,
      brokenAt: { seq: 3, id: third?.id, reason: "event content does not match its hash" },
      checkpoint: { status: "none" },
    });
  });

  it("reports a row whose hash was recomputed but no longer links to the next one", async () => {
    const org = await freshOrg();
    for (let i = 0; i < 4; i++) await record(org, 1)[0];
    const rows = await chain(org);
    const second = rows[1];
    if (!second) throw new Error("missing row");
    // A careful forger rehashes the row it altered; the following row's prevHash still betrays it.
    const forged = { ...second, action: "x" };
    await behindTheTriggersBack(`UPDATE "AuditEvent" SET action = 'x', hash = $2 WHERE id = $1::uuid`, [second.id, hashEvent(forged, second.prevHash)]);
    expect(await verifyAuditChain(org.id)).toEqual({
      ok: false,
      events: 2,
      brokenAt: { seq: 3, id: rows[2]?.id, reason: "prevHash does not match the previous event's hash" },
      checkpoint: { status: "none" },
    });
  });

  it("reports a deleted middle row as a sequence gap", async () => {
    const org = await freshOrg();
    for (let i = 0; i < 5; i++) await record(org, 1)[0];
    const rows = await chain(org);
    await behindTheTriggersBack(`DELETE FROM "AuditEvent" WHERE id = $1::uuid`, [rows[2]?.id]);
    expect(await verifyAuditChain(org.id)).toEqual({
      ok: false,
      events: 2,
      brokenAt: { seq: 3, id: rows[3]?.id, reason: "sequence gap: expected 3, found 4" },
      checkpoint: { status: "none" },
    });
  });

  it("does not let one org's tampering affect another org's chain", async () => {
    const [a, b] = await Promise.all([freshOrg(), freshOrg()]);
    await Promise.all([...record(a, 3), ...record(b, 3)]);
    const first = (await chain(a))[0];
    await behindTheTriggersBack(`UPDATE "AuditEvent" SET "targetId" = 'forged' WHERE id = $1::uuid`, [first?.id]);
    expect(await verifyAuditChain(a.id)).toMatchObject({ ok: false, brokenAt: { seq: 1 } });
    expect(await verifyAuditChain(b.id)).toMatchObject({ ok: true, events: 3 });
  });

  it("treats an empty chain as valid", async () => {
    const org = await freshOrg();
    expect(await verifyAuditChain(org.id)).toEqual({ ok: true, events: 0, lastSeq: 0, lastHash: "0".repeat(64), checkpoint: { status: "none" } });
  });
});
