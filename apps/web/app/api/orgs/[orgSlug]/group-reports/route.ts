import { groupScreenshotTooLarge, isAppError, mediaUploadLimit, reportGroupPost } from "@vetted/domain";
import { groupReportInput } from "@/lib/group-report-input";
import { orgRoute } from "@/lib/http";
import { readMultipartForm } from "@/lib/multipart";

/** A plain HTML form post (JavaScript off): the browser navigates, so it gets a page, not JSON. */
const isFormNavigation = (request: Request) => request.headers.get("sec-fetch-mode") === "navigate";
const seeOther = (location: string) => new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });

// POST multipart/form-data: a group post to report, pasted ("text") or as a screenshot ("screenshot")
// with groupName, channel, authorUserId or authorName, postedAt → 201 { report }. Without JavaScript:
// 303 back to the groups page, saying it was reported or which error code stopped it (never a field
// value: they are PHI and never go into a URL).
export const POST = orgRoute(async (ctx, request) => {
  const navigation = isFormNavigation(request);
  const groups = `/orgs/${ctx.org.slug}/groups`;
  try {
    const form = await readMultipartForm(ctx, request, "screenshot", mediaUploadLimit(), groupScreenshotTooLarge, "a screenshot of the post");
    const { report } = await reportGroupPost(ctx, await groupReportInput(form, ctx.org.timeZone));
    if (navigation) return seeOther(`${groups}?reported=1`);
    return Response.json({ report }, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (navigation && isAppError(error)) return seeOther(`${groups}?failed=${encodeURIComponent(error.code)}`);
    throw error;
  }
});
