import { checkWebReadiness } from "@vetted/domain/ops";

// Readiness: PostgreSQL answers SELECT 1 and Redis answers PING, each within ~1 s. 503 with the state
// of each dependency when one is down, never an error message. Public, no session (see healthz).
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const readiness = await checkWebReadiness();
  return Response.json(readiness, { status: readiness.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
