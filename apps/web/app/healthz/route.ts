// Liveness for the load balancer or orchestrator: this process answers. No dependency is checked here,
// so a PostgreSQL or Redis outage never gets every web process restarted (/readyz takes it out of
// rotation instead). Public, no session: it says nothing but that the process is up.
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ ok: true }, { headers: { "cache-control": "no-store" } });
}
