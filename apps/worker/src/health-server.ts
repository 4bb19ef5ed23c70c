import { createServer, type Server } from "node:http";
import type { Redis } from "@vetted/queue";

const PING_TIMEOUT_MS = 1_000;

/** Redis answers PING in time. The worker connection retries forever, so the probe sets its own limit. */
export async function redisReachable(redis: Redis): Promise<boolean> {
  if (redis.status !== "ready") return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), PING_TIMEOUT_MS);
    });
    return (await Promise.race([redis.ping(), timeout])) === "PONG";
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** GET /healthz for the orchestrator's liveness probe: 200 while Redis is reachable, else 503. */
export async function startHealthServer(port: number, redis: Redis): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== "GET" || req.url !== "/healthz") {
      res.writeHead(404, { "content-type": "application/json" }).end('{"ok":false}');
      return;
    }
    void redisReachable(redis).then((ok) => {
      res.writeHead(ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify({ ok }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, resolve);
  });
  return server;
}
