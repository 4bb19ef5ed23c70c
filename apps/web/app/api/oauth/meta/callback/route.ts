import { oauthCallback } from "@/lib/oauth-callback";

// Meta sends the admin's browser back here after the consent dialog (Facebook Page + Instagram).
export const GET = (request: Request): Promise<Response> => oauthCallback(request, "FACEBOOK", "/api/oauth/meta/callback");
