import { currentRequestMeta } from "@vetted/auth";
import { requestPasswordReset } from "@vetted/domain";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";

/**
 * Public "forgot password" request: { email }. Always 202 with the same body whether or not the
 * address has an account; 429 with Retry-After over the per-address or per-IP budget.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    await requestPasswordReset(await readJson(request, 4 * 1024), await currentRequestMeta());
    return Response.json({ ok: true }, { status: 202, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error, request);
  }
}
