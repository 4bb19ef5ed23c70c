import { oauthCallback } from "@/lib/oauth-callback";

// X sends the admin's browser back here after its consent page (OAuth 2.0 with PKCE).
export const GET = (request: Request): Promise<Response> => oauthCallback(request, "X", "/api/oauth/x/callback");
