import { baseEnv, mailEnv } from "@vetted/config";
import { logger, REQUEST_ID_HEADER, requestIdFrom } from "@vetted/log";
import { requestMetaFrom } from "@vetted/auth/client-ip";
import { PUBLIC_LINK_PAGE, publicLinkGate } from "@vetted/domain/public-link-gate";
import { NextResponse, type NextRequest } from "next/server";
import { accessLogEntry, buildCsp, crossOriginRefusal, hstsHeader, isPagePath, newNonce, tooManyTriesPage } from "@/lib/proxy-policy";

// Next 16's proxy (formerly middleware), run before every request but static assets:
// 1. A state-changing request from another origin or site is refused with 403 here. For a server
//    action that is also what stops Next's own origin check from throwing (a 500).
// 2. HTML pages get a nonce-based Content-Security-Policy. It is set on the request too: Next reads
//    it there and puts the nonce on its own scripts (pages are rendered per request, see app/layout.tsx).
//    Route handlers keep the headers they set themselves (file downloads send their own sandbox CSP).
// 3. HSTS whenever the app is served over HTTPS (APP_URL).
// 4. With ACCESS_LOG, one line per request naming the query parameters but never their values.
// 5. A public link's page (signing, acknowledgement, invitation, reset, client approval) asked from an
//    address already over its budget of links that did not work: 429 with Retry-After here, since a
//    page cannot set its status (its routes and actions answer 429 themselves).
// 6. A request id (the caller's X-Request-Id when it is plainly an id, else a new UUID): forwarded to
//    the handlers as X-Request-Id, on the proxy's log lines and on the response.
// The policy itself lives in lib/proxy-policy.ts, unit-tested in test/proxy.test.ts.

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const requestId = requestIdFrom(request.headers);
  const log = logger().child({ requestId });
  if (baseEnv().ACCESS_LOG) log.info(accessLogEntry(request.method, request.nextUrl));
  const appUrl = mailEnv().APP_URL;
  const hsts = hstsHeader(appUrl);
  const refusal = crossOriginRefusal({ method: request.method, pathname: request.nextUrl.pathname, headers: request.headers }, appUrl);
  if (refusal) {
    // The reason names headers, never their values (which the sender chose).
    log.warn({ event: "proxy.cross_origin_refused", reason: refusal, method: request.method });
    const response = NextResponse.json(
      { error: { code: "FORBIDDEN", message: "Cross-origin requests are not allowed" } },
      { status: 403, headers: { "Cache-Control": "no-store" } },
    );
    if (hsts) response.headers.set("Strict-Transport-Security", hsts);
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  }

  if (request.method === "GET" && PUBLIC_LINK_PAGE.test(request.nextUrl.pathname)) {
    const refused = await publicLinkGate(requestMetaFrom(request.headers).ip);
    if (refused) {
      const response = new NextResponse(tooManyTriesPage(refused.message), {
        status: 429,
        headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": String(refused.retryAfterSeconds), "Cache-Control": "no-store", "Content-Security-Policy": buildCsp(newNonce(), { dev: false }) },
      });
      if (hsts) response.headers.set("Strict-Transport-Security", hsts);
      response.headers.set(REQUEST_ID_HEADER, requestId);
      return response;
    }
  }

  let response: NextResponse;
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  if (isPagePath(request.nextUrl.pathname)) {
    const csp = buildCsp(newNonce(), { dev: baseEnv().NODE_ENV === "development" });
    headers.set("Content-Security-Policy", csp);
    response = NextResponse.next({ request: { headers } });
    response.headers.set("Content-Security-Policy", csp);
  } else {
    response = NextResponse.next({ request: { headers } });
  }
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export const config = {
  // Everything but build assets (hashed files, no secrets, no state), the icons, and the platforms'
  // webhook callbacks: server-to-server calls authenticated by their signature, where an origin check,
  // a CSP or HSTS mean nothing, and each delivery is recorded anyway (WebhookDelivery). Running the
  // proxy on them was a tenth of the webhook's CPU at a platform's delivery rate (bench:comments).
  // Nor the health probes (/healthz, /readyz): asked every few seconds by each load balancer, they
  // would fill the access log, and they take no session and change nothing.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|api/webhooks/|healthz$|readyz$).*)"],
};
