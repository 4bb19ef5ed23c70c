import { randomUUID } from "node:crypto";
import { db, acrossOrgs, rawSql } from "@vetted/db";
import { scanText } from "@vetted/scanner";
import { loadOrgScanContext } from "./org-scan-context";

/**
 * One-time costs paid before the worker takes its first job rather than by it: the text scanner
 * builds its word lists on first use (~150 ms), Prisma compiles each query shape on first use
 * (~100 ms for the org context's reads, blocking the event loop), and each pool connection costs a
 * handshake. The org context is loaded for an id that matches no org: the load fails, but its
 * queries are compiled. Without this the first scans after a start took ~300 ms longer. Best
 * effort: a failure only means a cold first job, so it is swallowed, and a database that does not
 * answer is not waited for.
 */
export async function warmUpScanPipeline(connections: number, timeoutMs = 2_000): Promise<void> {
  scanText("Warm-up text for the scanner's word lists.", { kind: "post" });
  let timer: NodeJS.Timeout | undefined;
  const opened = Promise.all([
    loadOrgScanContext(randomUUID()).catch(() => undefined),
    ...Array.from({ length: Math.max(0, connections - 4) }, () => rawSql(db(), acrossOrgs("connection warm-up reads no table")).execute`SELECT 1`),
  ]);
  await Promise.race([opened, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]).catch(() => undefined);
  clearTimeout(timer);
  opened.catch(() => undefined);
}
