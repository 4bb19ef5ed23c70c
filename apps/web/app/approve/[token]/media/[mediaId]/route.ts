import { currentRequestMeta } from "@vetted/auth";
import { getClientApprovalMedia } from "@vetted/domain/client-approvals";
import { clientSessionFrom } from "@/lib/client-approval-session";
import { errorResponse } from "@/lib/errors";

/** Public: one image of the linked post (cleaned display file), for the browser holding the link's session. */
export async function GET(request: Request, { params }: { params: Promise<{ token: string; mediaId: string }> }): Promise<Response> {
  try {
    const { token, mediaId } = await params;
    const { bytes, mime } = await getClientApprovalMedia(token, clientSessionFrom(request), { mediaId }, await currentRequestMeta());
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": mime,
        "Content-Length": String(bytes.length),
        // Not approved yet, so it may show PHI: never cached, never sniffed, never run as a page.
        "Cache-Control": "private, no-store",
        "Content-Disposition": "inline",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
      },
    });
  } catch (error) {
    return errorResponse(error, request);
  }
}
