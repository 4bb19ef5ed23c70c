import { requireSignedIn } from "@vetted/auth";
import { errorResponse } from "@/lib/errors";

/** Keeps the server-side session alive while the person is active on a page that makes no requests. */
export async function POST(request: Request) {
  try {
    // Open to a user still due to enrol in MFA: the enrolment page keeps its session alive too.
    const { idleMinutes } = await requireSignedIn({ forEnrolment: true });
    return Response.json({ ok: true, idleMinutes }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error, request);
  }
}
