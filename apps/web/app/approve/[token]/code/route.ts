import { currentRequestMeta } from "@vetted/auth";
import { sendClientApprovalCode } from "@vetted/domain/client-approvals";
import { errorResponse } from "@/lib/errors";

/** Public: "Send a new code" for the link in the path (no body; at most one a minute). */
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await params;
    const sent = await sendClientApprovalCode(token, await currentRequestMeta());
    return Response.json({ ok: true, ...sent }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error, request);
  }
}
