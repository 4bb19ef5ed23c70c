import { acrossOrgs, db, rawSql } from "@vetted/db";
import { scanProducer } from "../scans/scan-producer";

/**
 * One-time costs the web pays at start rather than with the first deliveries of a platform's storm
 * (a deploy or restart while the comments keep coming): the pool's connection handshakes, and the
 * producer's Redis connection, whose absence makes the first deliveries' enqueue fail fast and
 * their events wait for the worker's sweeper (bench:comments, issue 17: the first two seconds of
 * a cold start answered slower than the rest and their hides came a second later). Best effort, as
 * the worker's warm-up: a failure only means a cold first delivery, and a database or Redis that
 * does not answer is not waited for.
 */
export async function warmUpWebhookIngest(connections = 4, timeoutMs = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const opened = Promise.all([
    scanProducer().queue("comments").waitUntilReady(),
    ...Array.from({ length: connections }, () => rawSql(db(), acrossOrgs("connection warm-up reads no table")).execute`SELECT 1`),
  ]);
  await Promise.race([opened, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]).catch(() => undefined);
  clearTimeout(timer);
  opened.catch(() => undefined);
}
