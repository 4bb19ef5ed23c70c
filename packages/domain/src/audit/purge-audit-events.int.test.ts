import { db, disconnectDb, type Organization, acrossOrgs, forOrg, ORG_ID, rawSql } from "@vetted/db";
import { createAgency, createOrg, withPgClient } from "@vetted/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { purgeExpiredAuditEvents } from "./purge-audit-events";
import { recordAuditEvent } from "./record-audit-event";
import { verifyAuditChain } from "./verify-audit-chain";
import { writeAuditCheckpoint } from "./write-audit-checkpoint";

let agencyId: string;
const YEAR = 365.25 * 86_400_000;

/** n events on the org's chain, dated `yearsAgo` years back (the app's clock, which the hash covers). */
async function recordAt(org: Organization, n: number, yearsAgo: number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(Date.now() - yearsAgo * YEAR));
  try {
    for (let i = 0; i < n; i++) {
      await db().$transaction((tx) => recordAuditEvent(tx, { orgId: org.id, actorId: null, actorLabel: "system", action: "test.event", targetType: "Test", targetId: `${i}` }));
    }
  } finally {
    vi.useRealTimers();
  }
}
const seqs = async (org: Organization) => (await db().auditEvent.findMany({ where: { orgId: org.id, chainKey: org.id }, orderBy: { seq: "asc" } })).map((e) => e.seq);

beforeAll(async () => {
  agencyId = (await createAgency()).id;
});
afterEach(() => vi.useRealTimers());
afterAll(() => disconnectDb());

describe("audit retention purge", () => {
  it("deletes only the prefix older than six years, records it, and verification starts from the purge's origin", async () => {
    const org = await createOrg(agencyId);
    await recordAt(org, 3, 7);
    await recordAt(org, 1, 5.5);
    await recordAt(org, 1, 0);
    await writeAuditCheckpoint(org.id, { reason: "scheduled" });
    const result = await purgeExpiredAuditEvents();
    expect(result.purged).toBeGreaterThanOrEqual(3);
    // 1..3 are gone; the 5.5-year-old event stays (within retention), and the purge is itself audited.
    expect(await seqs(org)).toEqual([4, 5, 6]);
    const purgeEvent = await db().auditEvent.findFirst({ where: { orgId: org.id, chainKey: org.id, seq: 6 } });
    expect({ action: purgeEvent?.action, metadata: purgeEvent?.metadata }).toEqual({ action: "audit.purged", metadata: { purged: 3, throughSeq: 3 } });
    expect(await verifyAuditChain(org.id)).toMatchObject({ ok: true, events: 3, lastSeq: 6, purgedThroughSeq: 3, checkpoint: { status: "ok", seq: 5 } });
    // A second run finds nothing more to purge for this org.
    await purgeExpiredAuditEvents();
    expect(await seqs(org)).toEqual([4, 5, 6]);
  });

  it("keeps the chain's newest event even when every event is past retention", async () => {
    const org = await createOrg(agencyId);
    await recordAt(org, 2, 8);
    await purgeExpiredAuditEvents();
    expect(await seqs(org)).toEqual([2, 3]);
    expect(await verifyAuditChain(org.id)).toMatchObject({ ok: true, purgedThroughSeq: 1, lastSeq: 3 });
  });

  it("refuses any other deletion: young events through the function, and the app role at all", async () => {
    const org = await createOrg(agencyId);
    await recordAt(org, 2, 7);
    await recordAt(org, 1, 1);
    const chain = rawSql(db(), forOrg(org.id));
    await expect(chain.query`SELECT vetted_purge_audit_events(${ORG_ID}, 3, now())`).rejects.toThrow(/kept at least six years/);
    await expect(chain.execute`DELETE FROM "AuditEvent" WHERE "chainKey" = ${ORG_ID}`).rejects.toThrow(/permission denied/);
    // The owner without the function: the trigger still refuses, old or not.
    await expect(withPgClient((c) => c.query(`DELETE FROM "AuditEvent" WHERE "chainKey" = $1 AND seq = 1`, [org.id]))).rejects.toThrow(/append-only/);
    await expect(rawSql(db(), acrossOrgs("test: the app role may not delete purge records")).execute`DELETE FROM "AuditPurge"`).rejects.toThrow(/permission denied/);
    expect(await seqs(org)).toEqual([1, 2, 3]);
  });

  it("a chain whose first events vanished without a purge record is still broken", async () => {
    const org = await createOrg(agencyId);
    await recordAt(org, 3, 0);
    await withPgClient(async (c) => {
      await c.query("SET session_replication_role = replica");
      await c.query(`DELETE FROM "AuditEvent" WHERE "chainKey" = $1 AND seq = 1`, [org.id]);
      await c.query("RESET session_replication_role");
    });
    expect(await verifyAuditChain(org.id)).toMatchObject({ ok: false, brokenAt: { seq: 1, reason: "sequence gap: expected 1, found 2" } });
  });
});
