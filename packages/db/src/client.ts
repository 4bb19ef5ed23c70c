import { PrismaPg } from "@prisma/adapter-pg";
import { baseEnv } from "@vetted/config";
import { PrismaClient } from "./generated/prisma/client";
import { tenantGuard } from "./tenant-guard";

function createClient(connectionString: string) {
  const adapter = new PrismaPg({ connectionString, max: 10 });
  // Audited writes serialize per org on an advisory lock; under a burst they queue for the pool,
  // so allow more than Prisma's 2 s wait before giving up on a transaction.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 15_000 } }).$extends(tenantGuard);
}

export type Db = ReturnType<typeof createClient>;
/** The client inside an interactive transaction: same models and guard, no $transaction. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

// One pool per process; Next's dev server reloads modules, so keep it on globalThis there.
const globalForDb = globalThis as unknown as { vettedDb?: Db };

/** The guarded root client. Tenant-owned models refuse any query without an org filter. */
export function db(): Db {
  globalForDb.vettedDb ??= createClient(baseEnv().DATABASE_URL);
  return globalForDb.vettedDb;
}

export async function disconnectDb(): Promise<void> {
  if (globalForDb.vettedDb) {
    await globalForDb.vettedDb.$disconnect();
    globalForDb.vettedDb = undefined;
  }
}
