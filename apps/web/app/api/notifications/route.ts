import { requireSignedIn } from "@vetted/auth";
import { listNotifications } from "@vetted/domain";
import { errorResponse } from "@/lib/errors";

export async function GET(request: Request) {
  try {
    const { userId } = await requireSignedIn();
    return Response.json(await listNotifications(userId), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error, request);
  }
}
