import { CONSENT_MAX_BYTES, consentFileTooLarge, searchConsents, uploadConsent } from "@vetted/domain";
import { consentUploadInput } from "@/lib/consent-upload";
import { orgRoute, queryObject } from "@/lib/http";
import { readUploadedFile } from "@/lib/multipart";

// GET ?name=&status=&expiringSoon=1 → { consents }. The name is matched exactly (it is encrypted;
// only its blind index is searchable). The app's own pages search names by POST (a server action)
// so that no name lands in a URL or an access log; this query form is for API clients.
const FLAGS: Record<string, boolean> = { "1": true, true: true, "0": false, false: false, "": false };

export const GET = orgRoute(async (ctx, request) => {
  const { expiringSoon, ...query } = queryObject(request);
  return searchConsents(ctx, { ...query, expiringSoon: expiringSoon === undefined ? false : (FLAGS[expiringSoon] ?? expiringSoon) });
});

// POST multipart/form-data: the signed form in "file" plus the 164.508(c) fields → 201 { consent }.
export const POST = orgRoute(async (ctx, request) => {
  const upload = await readUploadedFile(request, "file", CONSENT_MAX_BYTES, consentFileTooLarge, "the signed form (PDF, JPEG or PNG)");
  const { consent } = await uploadConsent(ctx, consentUploadInput(upload.form, upload));
  return Response.json({ consent }, { status: 201, headers: { "Cache-Control": "no-store" } });
});
