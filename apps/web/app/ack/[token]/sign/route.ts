import { currentRequestMeta } from "@vetted/auth";
import { signAcknowledgement } from "@vetted/domain";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";

/** Public: the single-use acknowledgement token in the path is the credential (no session). */
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await params;
    const result = await signAcknowledgement(token, await readJson(request), await currentRequestMeta());
    return Response.json({ ok: true, ...result }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error, request);
  }
}
