import { requireSignedIn, withTenant } from "@vetted/auth";
import { completeAccountConnect, isAppError, locateAccountConnect } from "@vetted/domain";
import { errorResponse } from "@/lib/errors";
import { queryObject } from "@/lib/http";

// Meta sends the admin's browser back here after the consent dialog. The URL names no org: the
// single-use state does (locate), and the connection then runs in that tenant, bound to the same
// org and the same signed-in admin (complete). The answer is a redirect to the accounts page.
const WHERE = "/api/oauth/meta/callback";

export async function GET(request: Request): Promise<Response> {
  let orgSlug: string | null = null;
  try {
    const { userId } = await requireSignedIn();
    const query = queryObject(request);
    orgSlug = (await locateAccountConnect(userId, query)).orgSlug;
    const result = await withTenant(orgSlug, WHERE, (ctx) => completeAccountConnect(ctx, query));
    const accounts = `/orgs/${orgSlug}/settings/accounts`;
    if (result.status === "pick") return redirect(request, `${accounts}/pick?connectId=${result.connectId}`);
    return redirect(request, result.status === "connected" ? `${accounts}?connected=${result.accounts.length}` : `${accounts}?error=${result.status}`);
  } catch (error) {
    // Once the org is known, the admin lands on its accounts page with the reason; before, a plain 4xx.
    if (orgSlug && isAppError(error) && error.code !== "UNAUTHENTICATED") return redirect(request, `/orgs/${orgSlug}/settings/accounts?error=${error.code}`);
    return errorResponse(error);
  }
}

// A relative Location: the browser resolves it against the address it used (no proxy-internal host).
const redirect = (_request: Request, path: string) => new Response(null, { status: 303, headers: { Location: path, "Cache-Control": "no-store" } });
