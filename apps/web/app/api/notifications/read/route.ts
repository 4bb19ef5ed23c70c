import { requireSignedIn } from "@vetted/auth";
import { markNotificationsRead } from "@vetted/domain";
import { errorResponse } from "@/lib/errors";
import { readJson } from "@/lib/http";

export async function POST(request: Request) {
  try {
    const { userId } = await requireSignedIn();
    return Response.json(await markNotificationsRead(userId, await readJson(request)));
  } catch (error) {
    return errorResponse(error, request);
  }
}
