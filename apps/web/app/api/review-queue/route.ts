import { requireSignedIn } from "@vetted/auth";
import { listReviewQueue } from "@vetted/domain";
import { errorResponse } from "@/lib/errors";
import { queryObject } from "@/lib/http";

/** The caller's own queue across their orgs; membership and roles are checked per org inside. */
export async function GET(request: Request) {
  try {
    const { userId } = await requireSignedIn();
    return Response.json({ items: await listReviewQueue(userId, queryObject(request)) }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error, request);
  }
}
