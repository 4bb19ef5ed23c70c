import { PrismaPg } from "@prisma/adapter-pg";
import { baseEnv, type BaseEnv } from "@vetted/config";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";
import { pgRawClient, pgTransaction, type TransactionOptions } from "./pg-direct";
import type { RawClient } from "./raw-sql";
import { tenantGuard } from "./tenant-guard";

function createClient(pool: pg.Pool) {
  // The pool is Prisma's and is ended by $disconnect; pgDirect() shares it (one pool per process).
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  // Audited writes serialize per org on an advisory lock; under a burst they queue for the pool,
  // so allow more than Prisma's 2 s wait before giving up on a transaction.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 15_000 } }).$extends(tenantGuard);
}

export type Db = ReturnType<typeof createClient>;
/** The client inside an interactive transaction: same models and guard, no $transaction. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * The app pool's settings. The timeouts are sent as startup parameters, so PostgreSQL enforces them on
 * every connection whoever runs the statement (Prisma or pgDirect); a cancelled statement fails with
 * SQLSTATE 57014 and a session idle in a transaction too long is ended (25P03), its locks released.
 */
export function poolConfig(env: Pick<BaseEnv, "DATABASE_URL" | "DATABASE_STATEMENT_TIMEOUT_MS" | "DATABASE_IDLE_TX_TIMEOUT_MS">): pg.PoolConfig {
  return {
    connectionString: env.DATABASE_URL,
    max: 10,
    ...(env.DATABASE_STATEMENT_TIMEOUT_MS > 0 ? { statement_timeout: env.DATABASE_STATEMENT_TIMEOUT_MS } : {}),
    ...(env.DATABASE_IDLE_TX_TIMEOUT_MS > 0 ? { idle_in_transaction_session_timeout: env.DATABASE_IDLE_TX_TIMEOUT_MS } : {}),
  };
}

// One pool per process; Next's dev server reloads modules, so keep it on globalThis there.
const globalForDb = globalThis as unknown as { vettedDb?: Db; vettedPool?: pg.Pool };

/** The guarded root client. Tenant-owned models refuse any query without an org filter. */
export function db(): Db {
  if (!globalForDb.vettedDb) {
    globalForDb.vettedPool = new pg.Pool(poolConfig(baseEnv()));
    globalForDb.vettedDb = createClient(globalForDb.vettedPool);
  }
  return globalForDb.vettedDb;
}

/**
 * Raw SQL on db()'s own pool without Prisma (pg-direct.ts), for hot paths only: statements go
 * through rawSql(client, scope) like any raw SQL. The tenant guard of model queries does not apply,
 * so there are no model queries here. `transaction` runs `fn` in one BEGIN … COMMIT.
 */
export function pgDirect(): RawClient & { transaction<T>(fn: (tx: RawClient) => Promise<T>, opts?: TransactionOptions): Promise<T> } {
  db();
  const pool = globalForDb.vettedPool!;
  return { ...pgRawClient(pool), transaction: (fn, opts) => pgTransaction(pool, fn, opts) };
}

export async function disconnectDb(): Promise<void> {
  if (globalForDb.vettedDb) {
    await globalForDb.vettedDb.$disconnect();
    globalForDb.vettedDb = undefined;
    globalForDb.vettedPool = undefined;
  }
}
