import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "../proxy";
import { listAppFiles } from "../test/route-harness";
import { accessLogEntry, buildCsp, crossOriginRefusal, hstsHeader, isPagePath, tooManyTriesPage } from "./proxy-policy";

const APP = "https://vetted.example";
const refusal = (method: string, headers: Record<string, string>, pathname = "/api/orgs/a/posts") =>
  crossOriginRefusal({ method, pathname, headers: new Headers(headers) }, APP);
const directives = (csp: string) => Object.fromEntries(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));

describe("Content-Security-Policy", () => {
  it("has every required directive, with the nonce and strict-dynamic for scripts", async () => {
    const d = directives(buildCsp("abc123", { dev: false }));
    expect(d["default-src"]).toEqual(["'self'"]);
    expect(d["script-src"]).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(d["style-src"]).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d["img-src"]).toEqual(["'self'", "blob:", "data:"]);
    expect(d["object-src"]).toEqual(["'none'"]);
    expect(d["base-uri"]).toEqual(["'none'"]);
    expect(d["form-action"]).toEqual(["'self'"]);
    expect(d["frame-ancestors"]).toEqual(["'none'"]);
  });

  it("allows eval only in development", async () => {
    expect(buildCsp("n", { dev: false })).not.toContain("unsafe-eval");
    expect(directives(buildCsp("n", { dev: true }))["script-src"]).toContain("'unsafe-eval'");
  });

  it("the proxy sets it on page requests and responses, with a new nonce each time", async () => {
    const nonces: (string | undefined)[] = [];
    for (const _ of [1, 2]) {
      const response = await proxy(new NextRequest("http://localhost:3000/orgs/acme/posts"));
      const csp = response.headers.get("content-security-policy")!;
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
      // Next reads the request-side header to put the nonce on its own scripts.
      expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
      nonces.push(/'nonce-([^']+)'/.exec(csp)![1]);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("leaves route handlers' own headers alone: no CSP from the proxy on any route.ts path", async () => {
    expect((await proxy(new NextRequest("http://localhost:3000/api/orgs/acme/consents/1/file"))).headers.get("content-security-policy")).toBeNull();
    for (const file of listAppFiles("route.ts")) {
      const path = `/${file.replace(/\/route\.ts$/, "").replace(/\[\.\.\.[^\]]+\]/g, "x/y").replace(/\[[^\]]+\]/g, "x").replace(/\([^)]+\)\//g, "")}`;
      expect(isPagePath(path), path).toBe(false);
    }
    for (const path of ["/", "/orgs/acme/posts/1", "/sign/tok", "/invite/tok", "/signin", "/ack/tok", "/agency", "/agency/queuesx", "/approve/tok"]) expect(isPagePath(path), path).toBe(true);
  });
});

describe("HSTS", () => {
  it("only when the app is served over HTTPS", async () => {
    expect(hstsHeader("https://vetted.example")).toBe("max-age=63072000; includeSubDomains");
    expect(hstsHeader("http://localhost:3000")).toBeNull();
    // The test environment's APP_URL is http: the proxy sends none.
    expect((await proxy(new NextRequest("http://localhost:3000/orgs"))).headers.get("strict-transport-security")).toBeNull();
  });
});

describe("cross-origin refusal of state-changing requests", () => {
  it("refuses cross-site and same-site (a sibling subdomain) fetches", async () => {
    expect(refusal("POST", { "sec-fetch-site": "cross-site", origin: "https://evil.example" })).toBeTruthy();
    expect(refusal("DELETE", { "sec-fetch-site": "same-site", origin: "https://blog.vetted.example" })).toBeTruthy();
    expect(refusal("PATCH", { origin: "https://blog.vetted.example", host: "vetted.example" })).toBeTruthy();
    expect(refusal("PUT", { origin: "null", host: "vetted.example" })).toBeTruthy();
  });

  it("lets same-origin requests, non-browser clients and safe methods through", async () => {
    expect(refusal("POST", { "sec-fetch-site": "same-origin", origin: APP })).toBeNull();
    expect(refusal("POST", { origin: "http://localhost:3000", host: "localhost:3000" })).toBeNull();
    expect(refusal("POST", { origin: "https://app.internal", host: "10.0.0.5:3000", "x-forwarded-host": "app.internal" })).toBeNull();
    expect(refusal("POST", {})).toBeNull();
    expect(refusal("GET", { "sec-fetch-site": "cross-site", origin: "https://evil.example" })).toBeNull();
  });

  it("a foreign-Origin server action is a 403 from the proxy, before Next's own check throws", async () => {
    const request = new NextRequest("http://localhost:3000/orgs/acme/posts", {
      method: "POST",
      headers: { "next-action": "7f00aa", origin: "https://evil.example", host: "localhost:3000", "content-type": "text/plain;charset=UTF-8" },
      body: "[]",
    });
    const response = await proxy(request);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: "FORBIDDEN", message: "Cross-origin requests are not allowed" } });
    const same = await proxy(new NextRequest("http://localhost:3000/orgs/acme/posts", { method: "POST", headers: { "next-action": "7f00aa", origin: "http://localhost:3000", host: "localhost:3000" }, body: "[]" }));
    expect(same.status).toBe(200);
    expect(same.headers.get("x-middleware-next")).toBe("1");
  });
});

describe("access log", () => {
  it("names the query parameters but never writes their values", async () => {
    const entry = accessLogEntry("GET", new URL("https://vetted.example/orgs/a/consents?status=ACTIVE&name=Jane%20Doe&name=x"));
    expect(entry).toEqual({ event: "request", method: "GET", path: "/orgs/a/consents", query: ["status", "name"] });
    expect(JSON.stringify(entry)).not.toMatch(/Jane|ACTIVE/);
  });
});

describe("request id", () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  // NextResponse.next({ request: { headers } }) hands the handlers' request headers over as x-middleware-request-*.
  const forwarded = (response: Response) => response.headers.get("x-middleware-request-x-request-id");

  it("keeps an incoming id that is plainly an id: forwarded to the handler and set on the response", async () => {
    for (const path of ["/orgs/acme/posts", "/api/orgs/acme/posts"]) {
      const response = await proxy(new NextRequest(`http://localhost:3000${path}`, { headers: { "x-request-id": "lb-4b1d9e0c7a" } }));
      expect(response.headers.get("x-request-id")).toBe("lb-4b1d9e0c7a");
      expect(forwarded(response)).toBe("lb-4b1d9e0c7a");
    }
  });

  it("replaces a missing or unsafe id with a new UUID, the same one forwarded and answered", async () => {
    for (const incoming of [undefined, "short", "two words here", "x".repeat(129), "<b>jane.doe@example.test</b>"]) {
      const response = await proxy(new NextRequest("http://localhost:3000/orgs/acme", { headers: incoming === undefined ? {} : { "x-request-id": incoming } }));
      const id = response.headers.get("x-request-id");
      expect(id).toMatch(UUID);
      expect(forwarded(response)).toBe(id);
    }
  });

  it("is on the proxy's own 403 too", async () => {
    const response = await proxy(new NextRequest("http://localhost:3000/api/orgs/acme/posts", { method: "POST", headers: { origin: "https://evil.example", "x-request-id": "trace-0011223344" }, body: "{}" }));
    expect(response.status).toBe(403);
    expect(response.headers.get("x-request-id")).toBe("trace-0011223344");
  });
});

describe("the public link's 429 page", () => {
  it("says how long to wait, with the message escaped", async () => {
    const html = tooManyTriesPage("Too many links that did not work: try again in 42 seconds");
    expect(html).toContain("<h1");
    expect(html).toContain("try again in 42 seconds. If you opened the link");
    expect(tooManyTriesPage(`<script>"x"&'y'</script>`)).not.toMatch(/<script>|"x"|'y'/);
  });
});
