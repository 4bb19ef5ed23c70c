// Where a bench keeps its data: a PostgreSQL database and a Redis db of its own, both emptied first.

/**
 * `<prefix>_<bench>`: BENCH_DB_PREFIX (default vetted_bench) lets two checkouts, or the smoke test
 * inside the integration suite, bench side by side. The name must say "bench": it is dropped first.
 */
export function benchDatabaseName(bench: string): string {
  const name = `${process.env.BENCH_DB_PREFIX ?? "vetted_bench"}_${bench}`;
  if (!/^[a-z0-9_]+$/.test(name) || !name.includes("bench")) throw new Error(`Bench database name "${name}" must be lower-case letters, digits and _ and contain "bench"`);
  return name;
}

/** BENCH_REDIS_URL, else the bench's own db number on the local Redis. The bench empties it first. */
export function benchRedisUrl(defaultDb: number): string {
  return process.env.BENCH_REDIS_URL ?? `redis://127.0.0.1:6379/${defaultDb}`;
}
