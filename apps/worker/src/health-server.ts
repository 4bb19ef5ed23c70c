import { createServer, type Server } from "node:http";
import { checkReadiness, databaseProbe, redisProbe, type Readiness } from "@vetted/domain/ops";
import type { Redis } from "@vetted/queue";

/**
 * The worker's probes, on WORKER_HEALTH_PORT:
 * - GET /healthz, liveness: 200 while the process and its event loop answer. No dependency is
 *   checked, so an orchestrator never restarts every worker because PostgreSQL or Redis is down.
 * - GET /readyz, readiness: PostgreSQL (SELECT 1) and Redis (PING on the worker's own connection),
 *   each under its own ~1 s limit; 503 with the state of each when one is down, never an error text.
 */
export async function startHealthServer(port: number, readiness: () => Promise<Readiness>): Promise<Server> {
  const server = createServer((req, res) => {
    const answer = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
    if (req.method === "GET" && req.url === "/healthz") return answer(200, { ok: true });
    if (req.method === "GET" && req.url === "/readyz") {
      void readiness().then(
        (result) => answer(result.ok ? 200 : 503, result),
        () => answer(503, { ok: false }),
      );
      return;
    }
    answer(404, { ok: false });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, resolve);
  });
  return server;
}

/** Readiness of a worker: the database pool it scans with and the Redis connection its BullMQ workers share. */
export const workerReadiness = (redis: Redis) => () => checkReadiness({ db: databaseProbe(), redis: redisProbe(redis) });
