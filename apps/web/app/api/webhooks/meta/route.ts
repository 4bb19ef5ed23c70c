import { answerMetaHandshake, guardWebhookSignature, ingestMetaWebhook, META_WEBHOOK_MAX_BYTES } from "@vetted/domain";
import { errorResponse } from "@/lib/errors";
import { scheduleAfterAnswer, WEBHOOK_ANSWER_HEADERS, webhookAnswerHeaders, webhookRequestId, webhookSender } from "@/lib/webhook-headers";
import { readRawBody } from "@/lib/raw-body";

// Meta's webhook callback (Facebook Page `feed`, Instagram `comments`). No session and no org in the
// URL: the platform signs each delivery (X-Hub-Signature-256), and the page id in it names the org.

/** The subscription handshake: echo hub.challenge when hub.verify_token matches, else 403. */
export async function GET(request: Request): Promise<Response> {
  try {
    const challenge = answerMetaHandshake(new URL(request.url).searchParams);
    return new Response(challenge, { status: 200, headers: { ...WEBHOOK_ANSWER_HEADERS, "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" } });
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
    const rawBody = await readRawBody(request, META_WEBHOOK_MAX_BYTES);
    const signature = request.headers.get("x-hub-signature-256");
    const sender = webhookSender(request, requestId);
    await guardWebhookSignature(sender, () => ingestMetaWebhook({ rawBody, signature, request: sender }, { afterAnswer: scheduleAfterAnswer }));
    return Response.json({ ok: true }, { headers: webhookAnswerHeaders(requestId) });
  } catch (error) {
    return errorResponse(error, request, requestId);
  }
}
