import { AppError, CONSENT_MAX_BYTES, consentFileTooLarge, isAppError, searchConsents, uploadConsent } from "@vetted/domain";
import { consentUploadInput } from "@/lib/consent-upload";
import { orgRoute, queryObject } from "@/lib/http";
import { readUploadedFile } from "@/lib/multipart";

// GET ?status=&expiringSoon=1 → { consents }: filters that carry no PHI. A patient's name, date of
// birth or MRN never goes in a URL (it would be written to access logs, histories and Referer
// headers): searching by name is POST /api/orgs/:org/consents/search with a JSON body, and a GET
// that carries such a parameter is refused with 400, naming the parameter but never its value.
const FLAGS: Record<string, boolean> = { "1": true, true: true, "0": false, false: false, "": false };
const PHI_PARAMS = new Set(["name", "subjectname", "patientname", "signername", "dob", "dateofbirth", "birthdate", "mrn", "email", "phone"]);

export const GET = orgRoute(async (ctx, request) => {
  const { expiringSoon, ...query } = queryObject(request);
  const phi = Object.keys(query).filter((k) => PHI_PARAMS.has(k.toLowerCase()));
  if (phi.length > 0) {
    const message = "Patient details must not be sent in a URL: search by name with POST /api/orgs/:org/consents/search and a JSON body";
    throw new AppError("VALIDATION", message, Object.fromEntries(phi.map((k) => [k, ["Not accepted in the query string: POST it in the body of /consents/search"]])));
  }
  return searchConsents(ctx, { ...query, expiringSoon: expiringSoon === undefined ? false : (FLAGS[expiringSoon] ?? expiringSoon) });
});

/** A plain HTML form post (JavaScript off): the browser navigates, so it gets a page, not JSON. */
const isFormNavigation = (request: Request) => request.headers.get("sec-fetch-mode") === "navigate";
const seeOther = (location: string) => new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });

// POST multipart/form-data: the signed form in "file" plus the 164.508(c) fields → 201 { consent }.
// From a form without JavaScript: 303 to the new consent, or back to the form saying it failed
// (the code only: the fields may hold PHI and never go into a URL).
export const POST = orgRoute(async (ctx, request) => {
  const navigation = isFormNavigation(request);
  try {
    const upload = await readUploadedFile(ctx, request, "file", CONSENT_MAX_BYTES, consentFileTooLarge, "the signed form (PDF, JPEG or PNG)");
    const { consent } = await uploadConsent(ctx, consentUploadInput(upload.form, upload));
    if (navigation) return seeOther(`/orgs/${ctx.org.slug}/consents/${consent.id}?uploaded=1`);
    return Response.json({ consent }, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (navigation && isAppError(error)) return seeOther(`/orgs/${ctx.org.slug}/consents/new?failed=${encodeURIComponent(error.code)}`);
    throw error;
  }
});
