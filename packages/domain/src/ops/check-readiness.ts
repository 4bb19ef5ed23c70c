// Readiness: can this process serve its work right now? Web and worker answer /readyz with it, so a
// load balancer or orchestrator stops sending traffic (or jobs) to a process whose PostgreSQL or
// Redis does not answer, instead of restarting it: that is what /healthz (liveness) is for.

export type CheckState = "ok" | "down";

/** What /readyz answers: a state per dependency, never an error message (it could name hosts or users). */
export interface Readiness {
  ok: boolean;
  checks: { db: CheckState; redis: CheckState };
}

/**
 * Resolves once the dependency answered, rejects (or never settles) otherwise. The signal aborts when
 * the probe's time is up, so a probe that waits on an event can stop listening.
 */
export type Probe = (signal: AbortSignal) => Promise<unknown>;

export interface ReadinessProbes {
  db: Probe;
  redis: Probe;
}

/** Each dependency gets its own limit: a probe answers in well under a second or counts as down. */
export const READINESS_TIMEOUT_MS = 1_000;

/** Runs both probes at once, each under its own timeout; ok only when both answered in time. */
export async function checkReadiness(probes: ReadinessProbes, timeoutMs = READINESS_TIMEOUT_MS): Promise<Readiness> {
  const [db, redis] = await Promise.all([runProbe(probes.db, timeoutMs), runProbe(probes.redis, timeoutMs)]);
  return { ok: db === "ok" && redis === "ok", checks: { db, redis } };
}

async function runProbe(probe: Probe, timeoutMs: number): Promise<CheckState> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<CheckState>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve("down");
    }, timeoutMs);
  });
  try {
    // A probe that fails after the timeout has already lost the race; the race still handles its rejection.
    return await Promise.race([probe(controller.signal).then((): CheckState => "ok"), timedOut]);
  } catch {
    return "down";
  } finally {
    clearTimeout(timer);
  }
}
