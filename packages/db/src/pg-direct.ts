import { createHash } from "node:crypto";
import pg from "pg";
import type { Prisma } from "./generated/prisma/client";
import type { RawClient } from "./raw-sql";

/*
 * Raw SQL straight on the pool Prisma uses, for the worker's hot paths (a scan's start and its batch
 * write). Through Prisma, each raw statement costs ~0.2–0.4 ms of CPU (its query compiler and
 * interpreter run for raw SQL too) and an interactive transaction ~0.7 ms more; on the pg client
 * the same statement costs ~0.08 ms. The statements are the same Prisma.Sql values and still go
 * through rawSql(client, scope): the scope check does not depend on the client.
 *
 * Rows come back as pg parses them, not as Prisma maps them: int4 and float8 are numbers, int8 and
 * numeric are strings, timestamps are Dates, json is parsed. Statements here cast what they read
 * (`id::text`, counts `::int`). Dates are sent as ISO UTC text, as Prisma sends them, so a
 * `timestamp without time zone` column holds UTC whatever the process time zone.
 */

const toParameter = (value: unknown): unknown => {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  return value;
};

/*
 * Statements run as named prepared statements: each connection parses a text once and, after a few
 * runs, PostgreSQL may keep a generic plan, so a page's repeated statements are not parsed and planned on
 * every request (the overview's rollup statement: ~0.7 ms of planning a run, as much as its execution).
 * A statement's name is a hash of its text. The names are capped per process: a text that varies
 * (a list spliced in with Prisma.join) would otherwise leave one prepared statement per variant on
 * every connection; past the cap, new texts run unnamed, as before. (A pooler in transaction mode,
 * such as PgBouncer's, would need its prepared-statement support turned on.)
 */
export const MAX_NAMED_STATEMENTS = 500;
const statementNames = new Map<string, string>();

export function statementName(text: string): string | undefined {
  const known = statementNames.get(text);
  if (known || statementNames.size >= MAX_NAMED_STATEMENTS) return known;
  const name = `vetted_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
  statementNames.set(text, name);
  return name;
}

const run = async (client: pg.Pool | pg.PoolClient, sql: Prisma.Sql) =>
  client.query({ name: statementName(sql.text), text: sql.text, values: sql.values.map(toParameter) });

/** A RawClient over a pg pool or one checked-out connection. */
export function pgRawClient(client: pg.Pool | pg.PoolClient): RawClient {
  return {
    $queryRaw: async <T>(sql: Prisma.Sql) => (await run(client, sql)).rows as T,
    $executeRaw: async (sql: Prisma.Sql) => (await run(client, sql)).rowCount ?? 0,
  };
}

export interface TransactionOptions {
  /**
   * How long the transaction may stay open (as Prisma's interactive transactions' `timeout`): past it,
   * the next statement and the COMMIT are refused with TransactionTimeoutError and it rolls back, so a
   * slow step (a platform read under a lock) cannot hold its locks for ever. None by default.
   */
  timeoutMs?: number;
}

export class TransactionTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`Transaction rolled back: open longer than ${timeoutMs} ms`);
    this.name = "TransactionTimeoutError";
  }
}

/**
 * BEGIN, `fn` on one connection, COMMIT; ROLLBACK when `fn` throws (the error is rethrown). A
 * connection whose ROLLBACK fails is destroyed rather than returned to the pool mid-transaction.
 */
export async function pgTransaction<T>(pool: pg.Pool, fn: (tx: RawClient) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
  const client = await pool.connect();
  // The pool listens for errors on idle connections only. One PostgreSQL ends while no statement of
  // ours runs (idle in a transaction past the server's limit, a restart) would be an 'error' event
  // with no listener, which ends the process; kept here, it fails the next statement instead.
  let lost: Error | undefined;
  const onLost = (error: Error) => { lost = error; };
  client.on("error", onLost);
  const deadline = opts.timeoutMs === undefined ? Infinity : performance.now() + opts.timeoutMs;
  const inTime = () => {
    if (performance.now() > deadline) throw new TransactionTimeoutError(opts.timeoutMs!);
  };
  const raw = pgRawClient(client);
  const tx: RawClient = {
    $queryRaw: async <R>(sql: Prisma.Sql) => (inTime(), raw.$queryRaw<R>(sql)),
    $executeRaw: async (sql: Prisma.Sql) => (inTime(), raw.$executeRaw(sql)),
  };
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    try {
      const result = await fn(tx);
      inTime();
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error("ROLLBACK failed");
      });
      throw error;
    }
  } finally {
    client.removeListener("error", onLost);
    client.release(broken ?? lost);
  }
}
