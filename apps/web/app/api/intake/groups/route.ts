import { currentRequestMeta } from "@vetted/auth";
import { assertIntakeSecret, guardWebhookSignature, INTAKE_MAX_BYTES, receiveGroupIntake } from "@vetted/domain";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";

// The group-post intake: a post forwarded to groups+<token>@INTAKE_DOMAIN arrives here as JSON
// {to, from, subject, text}, posted by the mail provider's inbound webhook (or a relay mapping its
// payload to this shape) with the shared secret in X-Intake-Secret. No session: the secret
// authenticates the relay (401, checked before the body is read), the token in `to` names the org
// (404 when it names none). 201 { reportId } once the post is filed and scanned.
export async function POST(request: Request): Promise<Response> {
  try {
    const secret = request.headers.get("x-intake-secret");
    const sender = await currentRequestMeta();
    // A wrong secret counts against the sender's IP like a webhook's wrong signature (429 over the limit).
    const result = await guardWebhookSignature(sender, async () => {
      assertIntakeSecret(secret);
      return receiveGroupIntake(secret, await readJson(request, INTAKE_MAX_BYTES), sender);
    });
    return Response.json({ ok: true, reportId: result.reportId }, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error, request);
  }
}
