// What proxy.ts decides for every request, as plain functions so they are unit-tested without Next:
// the Content-Security-Policy of HTML pages (a fresh nonce each time), HSTS over HTTPS, and the
// cross-origin refusal of state-changing requests.

import type { LogEntry } from "@vetted/log";

/** 128 random bits, base64: unguessable and new for every page response. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The policy of every HTML page. Scripts run only with this response's nonce ('strict-dynamic' lets
 * Next's nonce'd bootstrap load its chunks); styles may be inline (React style props and Tailwind's
 * runtime-free CSS need no more); images may be blob: (the upload picker's previews) and data: (the
 * signature pad's PNG); frames only from this origin (the consent page previews its PDF through a
 * same-origin route); no plugins, no <base> tricks, forms post only here, and nobody frames us.
 * Development adds 'unsafe-eval' for React's dev tooling and Next's hot reload.
 */
export function buildCsp(nonce: string, opts: { dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Two years, subdomains included: only sent when the app is served over HTTPS (APP_URL). */
export const hstsHeader = (appUrl: string): string | null => (new URL(appUrl).protocol === "https:" ? "max-age=63072000; includeSubDomains" : null);

/**
 * Route handlers that live outside /api (the public signing link's submit and copy, the public
 * acknowledgement link's quiz, signature and reading time, the client approver link's code,
 * decision and images, the health probes, the agency's queue dashboard): they answer JSON or a file,
 * or HTML of their own with its own policy (the queue dashboard), and set their own headers (the copy
 * and the client's images send their own sandbox CSP), so the proxy leaves their CSP alone.
 * lib/proxy-policy.test.ts checks this against every route.ts in app/.
 */
const NON_PAGE_PATHS = [
  /^\/api\//,
  /^\/sign\/[^/]+\/(copy|submit)\/?$/,
  /^\/ack\/[^/]+\/(quiz|sign|reading-time)\/?$/,
  /^\/approve\/[^/]+\/(verify|code|decision|media\/[^/]+)\/?$/,
  /^\/(healthz|readyz)\/?$/,
  /^\/agency\/queues(\/|$)/,
];
export const isPagePath = (pathname: string) => !NON_PAGE_PATHS.some((re) => re.test(pathname));

/**
 * Paths that may legitimately be called from another origin (webhooks, an identity provider's
 * form_post callback). None today: Auth.js's own endpoints are only used by our pages. Add a path
 * here with the reason, and make sure the route authenticates the caller some other way.
 */
export const CROSS_ORIGIN_ALLOWED: readonly RegExp[] = [];

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Why a state-changing request must be refused as cross-origin, or null to let it through.
 * Browsers send Sec-Fetch-Site and Origin on every such request; refusing "same-site" matters because
 * SameSite=Lax cookies still ride along from a sibling subdomain. A request with neither header is a
 * non-browser client (curl, a script, the in-process tests), which carries no ambient cookies it did
 * not choose to send, so it passes. The origin is accepted when it is the app's own (APP_URL) or the
 * host the request was addressed to (x-forwarded-host first, like Next's own server action check).
 */
export function crossOriginRefusal(req: { method: string; pathname: string; headers: Headers }, appUrl: string): string | null {
  if (!STATE_CHANGING.has(req.method.toUpperCase())) return null;
  if (CROSS_ORIGIN_ALLOWED.some((re) => re.test(req.pathname))) return null;
  const site = req.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return `Sec-Fetch-Site ${site}`;
  const origin = req.headers.get("origin");
  if (origin === null) return null;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return "Origin is not a URL"; // includes "null", sent by sandboxed frames and privacy-sensitive redirects
  }
  if (origin === new URL(appUrl).origin) return null;
  const addressed = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || req.headers.get("host");
  return addressed && host === addressed ? null : "Origin differs from the app's";
}

/**
 * The access-log entry for a request: never a query value (it could be PHI, or a token), only the
 * parameter names, so a review can still see that a PHI-named field travelled in a URL.
 */
export function accessLogEntry(method: string, url: URL): LogEntry {
  return { event: "request", method, path: url.pathname, query: [...new Set(url.searchParams.keys())] };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page the proxy answers (429) to an address over its public-link budget: what
 * components/too-many-tries.tsx says, as plain HTML, since the proxy renders no React. Inline
 * styles only (the CSP allows them; it loads nothing).
 */
export function tooManyTriesPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Too many tries · Vetted</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #0f172a">
<h1 style="font-size: 1.25rem">Too many tries</h1>
<p role="status" style="border: 1px solid #fde68a; background: #fffbeb; padding: .75rem; border-radius: .375rem">${escapeHtml(message)}. If you opened the link from your message, wait that long and open it again.</p>
</body></html>`;
}
