import { oauthCallback } from "@/lib/oauth-callback";

// LinkedIn sends the admin's browser back here after its consent page (Company Pages).
export const GET = (request: Request): Promise<Response> => oauthCallback(request, "LINKEDIN", "/api/oauth/linkedin/callback");
