import { currentRequestMeta } from "@vetted/auth";
import { downloadSignedCopy } from "@vetted/domain";
import { errorResponse } from "@/lib/errors";

/** Public: the signer's copy of the signed PDF, through the same single-use link, for a limited time. */
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await params;
    const copy = await downloadSignedCopy(token, await currentRequestMeta());
    return new Response(new Uint8Array(copy.bytes), {
      headers: {
        "Content-Type": copy.mime,
        "Content-Disposition": `attachment; filename="${copy.filename}"`,
        "Content-Length": String(copy.bytes.length),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        // Opened in the browser, the stored PDF never runs as a page of this origin.
        "Content-Security-Policy": "sandbox; default-src 'none'",
      },
    });
  } catch (error) {
    return errorResponse(error, request);
  }
}
