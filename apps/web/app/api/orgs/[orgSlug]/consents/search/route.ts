import { searchConsents } from "@vetted/domain";
import { orgRoute, readJson } from "@/lib/http";

// POST { name, status?, expiringSoon?, take? } → { consents }. Searching by a patient's name is a
// POST with a JSON body so the name never lands in a URL, a browser history, a Referer header or
// an access log. The name is matched exactly (it is encrypted; only its blind index is searchable).
export const POST = orgRoute(async (ctx, request) => {
  const body = await readJson(request);
  return searchConsents(ctx, typeof body === "object" && body && !Array.isArray(body) ? body : {});
});
