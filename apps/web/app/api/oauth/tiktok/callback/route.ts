import { oauthCallback } from "@/lib/oauth-callback";

// TikTok sends the admin's browser back here after its consent page (a Business account's grant).
export const GET = (request: Request): Promise<Response> => oauthCallback(request, "TIKTOK", "/api/oauth/tiktok/callback");
