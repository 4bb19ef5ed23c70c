import { currentRequestMeta } from "@vetted/auth";
import { verifyClientApprovalCode } from "@vetted/domain/client-approvals";
import { clientSessionCookie } from "@/lib/client-approval-session";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";

/** Public: the link's token in the path and the mailed code in the body; a right code sets the link's session cookie. */
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await params;
    const { session, sessionExpiresAt } = await verifyClientApprovalCode(token, await readJson(request), await currentRequestMeta());
    return Response.json({ ok: true, sessionExpiresAt }, { headers: { "Cache-Control": "no-store", "Set-Cookie": clientSessionCookie(token, session, sessionExpiresAt) } });
  } catch (error) {
    return errorResponse(error, request);
  }
}
