import { answerLinkedInChallenge, ingestLinkedInWebhook, LINKEDIN_WEBHOOK_MAX_BYTES } from "@vetted/domain";
import { errorResponse } from "@/lib/errors";
import { readRawBody } from "@/lib/raw-body";

// LinkedIn's webhook callback (ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS). No session and no org in the
// URL: LinkedIn signs each delivery (X-LI-Signature), and the organization URN in it names the org.
const NO_STORE = { "Cache-Control": "no-store" };

/** The challenge (on registration, then every 2 hours): {challengeCode, challengeResponse} as JSON. */
export async function GET(request: Request): Promise<Response> {
  try {
    return Response.json(answerLinkedInChallenge(new URL(request.url).searchParams), { headers: NO_STORE });
  } catch (error) {
    return errorResponse(error);
  }
}

/** A delivery: verified, stored and queued; answered at once (the scan runs in the worker). */
export async function POST(request: Request): Promise<Response> {
  try {
    const rawBody = await readRawBody(request, LINKEDIN_WEBHOOK_MAX_BYTES);
    await ingestLinkedInWebhook({ rawBody, signature: request.headers.get("x-li-signature") });
    return Response.json({ ok: true }, { headers: NO_STORE });
  } catch (error) {
    return errorResponse(error);
  }
}
