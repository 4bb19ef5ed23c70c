import { requireSignedIn, withTenant } from "@vetted/auth";
import { completeAccountConnect, isAppError, locateAccountConnect, type ConnectPlatform } from "@vetted/domain";
import { errorResponse } from "@/lib/errors";
import { queryObject } from "@/lib/http";

// The platforms' OAuth redirects (api/oauth/{meta,linkedin,x,tiktok}/callback). The URL names no org: the
// single-use state does (locate), and the connection then runs in that tenant, bound to the same org,
// the same signed-in admin and this route's platform (complete). The answer is a redirect to the
// accounts page (or its Page picker), with a code, never anything the platform said.
export async function oauthCallback(request: Request, platform: ConnectPlatform, where: string): Promise<Response> {
  let orgSlug: string | null = null;
  try {
    const { userId } = await requireSignedIn();
    const query = queryObject(request);
    orgSlug = (await locateAccountConnect(userId, query)).orgSlug;
    // The platform comes from the route, after the query: a query cannot choose it.
    const result = await withTenant(orgSlug, where, (ctx) => completeAccountConnect(ctx, { ...query, platform }));
    const accounts = `/orgs/${orgSlug}/settings/accounts`;
    if (result.status === "pick") return redirect(`${accounts}/pick?connectId=${result.connectId}`);
    return redirect(result.status === "connected" ? `${accounts}?connected=${result.accounts.length}` : `${accounts}?error=${result.status}`);
  } catch (error) {
    // Once the org is known, the admin lands on its accounts page with the reason; before, a plain 4xx.
    if (orgSlug && isAppError(error) && error.code !== "UNAUTHENTICATED") return redirect(`/orgs/${orgSlug}/settings/accounts?error=${error.code}`);
    return errorResponse(error, request);
  }
}

// A relative Location: the browser resolves it against the address it used (no proxy-internal host).
const redirect = (path: string) => new Response(null, { status: 303, headers: { Location: path, "Cache-Control": "no-store" } });
