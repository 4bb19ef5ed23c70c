import { requireSignedIn, routePattern, withTenant, type SignedInUser, type TenantOptions } from "@vetted/auth";
import { AppError, type TenantContext } from "@vetted/domain";
import { errorResponse } from "./errors";
import { refuseControlChars } from "./input";

const MAX_JSON_BYTES = 64 * 1024;

/** Reads a JSON body with a size cap; malformed or oversized bodies are 4xx, never 500. */
export async function readJson(request: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", `Request body is larger than ${maxBytes} bytes`);
  const text = await request.text();
  if (text.length > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", `Request body is larger than ${maxBytes} bytes`);
  if (!text.trim()) throw new AppError("VALIDATION", "Request body is empty; send a JSON object", { _: ["Required"] });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw new AppError("VALIDATION", "Request body is not valid JSON", { _: ["Malformed JSON"] });
  }
  // Control characters are refused here, for every JSON route at once (see lib/input.ts).
  return refuseControlChars(parsed);
}

export const queryObject = (request: Request) => refuseControlChars(Object.fromEntries(new URL(request.url).searchParams));

type Segment<P> = { params: Promise<P> };
type Result = Response | Record<string, unknown> | unknown[] | void;

/**
 * The adapter every org-scoped route handler goes through: resolve the tenant from the session and
 * the URL slug, run the handler, map errors. A non-member gets the same 404 as a missing org.
 * `{ reauth: true }` marks a sensitive action: 401 REAUTH_REQUIRED without a recent re-authentication.
 */
export function orgRoute<P extends { orgSlug: string }>(handler: (ctx: TenantContext, request: Request, params: P) => Promise<Result>, opts: TenantOptions = {}) {
  return async (request: Request, segment: Segment<P>): Promise<Response> => {
    try {
      const params = await segment.params;
      // Refusals (404 for the org, 403 for an action) are recorded under the route's pattern.
      const where = routePattern(new URL(request.url).pathname, params);
      const result = await withTenant(params.orgSlug, where, (ctx) => handler(ctx, request, params), opts);
      if (result instanceof Response) return result;
      return Response.json(result ?? { ok: true }, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}

/**
 * The adapter for the caller's own account routes (re-authentication, sessions): no org, the
 * signed-in user and their session come from the cookie only. `forEnrolment` lets a user who still
 * has to enrol in MFA through (the account security routes themselves).
 */
export function accountRoute(handler: (user: SignedInUser, request: Request, params: Record<string, string>) => Promise<Result>) {
  return async (request: Request, segment?: Segment<Record<string, string>>): Promise<Response> => {
    try {
      const user = await requireSignedIn({ forEnrolment: true });
      const result = await handler(user, request, (await segment?.params) ?? {});
      if (result instanceof Response) return result;
      return Response.json(result ?? { ok: true }, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}
