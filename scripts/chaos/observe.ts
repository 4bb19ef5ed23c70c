// What the chaos run reads back: scan and mail state straight from the database (as its owner, across
// orgs), and each audit chain through the app's own verifyAuditChain, checkpoints included.
import pg from "pg";
import type { ChainCheck, MailRow, PostOutcome } from "./verdicts";

export class Observer {
  private constructor(private readonly client: pg.Client) {}

  static async connect(ownerUrl: string): Promise<Observer> {
    const client = new pg.Client({ connectionString: ownerUrl });
    await client.connect();
    return new Observer(client);
  }

  /** Each post's state and the status of its newest ScanJob. */
  async posts(postIds: readonly string[]): Promise<PostOutcome[]> {
    const { rows } = await this.client.query<PostOutcome>(`
      SELECT p.id::text AS "postId", p.state::text AS state,
        (SELECT s.status::text FROM "ScanJob" s WHERE s."postId" = p.id AND s."orgId" = p."orgId" ORDER BY s."createdAt" DESC LIMIT 1) AS "scanStatus"
      FROM "Post" p WHERE p.id = ANY($1::uuid[])`, [postIds]);
    return rows;
  }

  async scanJobIds(status: string): Promise<string[]> {
    const { rows } = await this.client.query<{ id: string }>(`SELECT id::text FROM "ScanJob" WHERE status = $1::"ScanStatus"`, [status]);
    return rows.map((r) => r.id);
  }

  async unfinishedScanJobs(ids: readonly string[]): Promise<number> {
    const { rows } = await this.client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "ScanJob" WHERE id = ANY($1::uuid[]) AND status IN ('PENDING', 'ENQUEUED', 'RUNNING')`, [ids]);
    return rows[0]!.n;
  }

  /** Every outbox row; sentAt is stored as UTC without a zone, which EXTRACT(EPOCH …) reads as UTC. */
  async mails(): Promise<MailRow[]> {
    const { rows } = await this.client.query<MailRow>(`
      SELECT id::text, (EXTRACT(EPOCH FROM "sentAt") * 1000)::float8 AS "sentAtMs", "deadAt" IS NOT NULL AS dead, attempts FROM "OutboxMail"`);
    return rows;
  }

  async unsentMails(ids?: readonly string[]): Promise<number> {
    const only = ids ? `AND id = ANY($1::uuid[])` : "";
    const { rows } = await this.client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "OutboxMail" WHERE "sentAt" IS NULL ${only}`, ids ? [ids] : []);
    return rows[0]!.n;
  }

  async orgs(): Promise<{ id: string; slug: string }[]> {
    return (await this.client.query<{ id: string; slug: string }>(`SELECT id::text, slug FROM "Organization" ORDER BY slug`)).rows;
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

/**
 * Every org's chain and the platform chain, through verifyAuditChain (loaded here, after the run's
 * environment is in place: it reads the chain and checkpoint keys from it, as the app does).
 */
export async function verifyChains(orgs: readonly { id: string; slug: string }[]): Promise<ChainCheck[]> {
  const { verifyAuditChain } = await import("@vetted/domain");
  const out: ChainCheck[] = [];
  for (const chain of [...orgs, { id: null, slug: "platform" }]) {
    const v = await verifyAuditChain(chain.id);
    const checkpointSeq = v.checkpoint && v.checkpoint.status !== "none" ? v.checkpoint.seq : null;
    out.push(v.ok ? { chain: chain.slug, ok: true, events: v.events, checkpointSeq } : { chain: chain.slug, ok: false, events: v.events, checkpointSeq, reason: `seq ${v.brokenAt.seq}: ${v.brokenAt.reason}` });
  }
  return out;
}
