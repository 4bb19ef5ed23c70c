import { currentRequestMeta } from "@vetted/auth";
import { SIGNATURE_MAX_DATA_URL, signConsentRequest } from "@vetted/domain";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";

// Room for the largest accepted signature plus the form's other fields; a signature just over its
// own cap still parses, so the answer names the signature field.
const MAX_BODY = SIGNATURE_MAX_DATA_URL + 32 * 1024;

/** Public: the token in the path is the credential (no session, so no cookies to forge a request with). */
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await params;
    const body = await readJson(request, MAX_BODY);
    const signed = await signConsentRequest(token, body, await currentRequestMeta());
    return Response.json({ ok: true, ...signed }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error, request);
  }
}
