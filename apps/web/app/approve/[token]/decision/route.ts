import { currentRequestMeta } from "@vetted/auth";
import { decideClientApproval } from "@vetted/domain/client-approvals";
import { clientSessionFrom } from "@/lib/client-approval-session";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";

/** Public: the client approver's decision, through the link in the path and the session cookie its code set. */
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await params;
    const decided = await decideClientApproval(token, clientSessionFrom(request), await readJson(request), await currentRequestMeta());
    return Response.json({ ok: true, ...decided }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error, request);
  }
}
