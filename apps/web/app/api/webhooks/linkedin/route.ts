import { answerLinkedInChallenge, guardWebhookSignature, ingestLinkedInWebhook, LINKEDIN_WEBHOOK_MAX_BYTES } from "@vetted/domain";
import { errorResponse } from "@/lib/errors";
import { scheduleAfterAnswer, WEBHOOK_ANSWER_HEADERS, webhookAnswerHeaders, webhookRequestId, webhookSender } from "@/lib/webhook-headers";
import { readRawBody } from "@/lib/raw-body";

// LinkedIn's webhook callback (ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS). No session and no org in the
// URL: LinkedIn signs each delivery (X-LI-Signature), and the organization URN in it names the org.

/** The challenge (on registration, then every 2 hours): {challengeCode, challengeResponse} as JSON. */
export async function GET(request: Request): Promise<Response> {
  try {
    return Response.json(answerLinkedInChallenge(new URL(request.url).searchParams), { headers: WEBHOOK_ANSWER_HEADERS });
  } catch (error) {
    return errorResponse(error, request);
  }
}

/**
 * A delivery: verified and stored, then answered; queued after the answer (the scan runs in the worker).
 * Wrong signatures are counted per IP: over 60 a minute they are answered 429 (a valid one never is).
 */
export async function POST(request: Request): Promise<Response> {
  const requestId = webhookRequestId(request);
  try {
    const rawBody = await readRawBody(request, LINKEDIN_WEBHOOK_MAX_BYTES);
    const signature = request.headers.get("x-li-signature");
    const sender = webhookSender(request, requestId);
    await guardWebhookSignature(sender, () => ingestLinkedInWebhook({ rawBody, signature, request: sender }, { afterAnswer: scheduleAfterAnswer }));
    return Response.json({ ok: true }, { headers: webhookAnswerHeaders(requestId) });
  } catch (error) {
    return errorResponse(error, request, requestId);
  }
}
