// First, before anything loads pdf-lib (see auth-routes.int.test.ts for why).
import "next-auth";
import { randomInt } from "node:crypto";
import { createOrgWithMembers, TEST_PASSWORD } from "@vetted/domain/testing";
import { describe, expect, it, vi } from "vitest";
import { importApp } from "./route-harness";

// Served over HTTPS (APP_URL https://…), Auth.js's cookies are Secure and carry the __Secure-/__Host-
// prefixes, even when a TLS-terminating proxy forwards the request as plain http. The environment is
// read once per process, so this file sets APP_URL before anything reads it.
vi.stubEnv("APP_URL", "https://vetted.example");

type Handler = (request: Request) => Promise<Response>;
const route = async () => (await importApp("api/auth/[...nextauth]/route.ts")) as { GET: Handler; POST: Handler };

describe("Auth.js cookies over HTTPS", () => {
  it("are Secure, HttpOnly and prefixed __Secure-/__Host-", async () => {
    const { users } = await createOrgWithMembers();
    const ip = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
    const { GET, POST } = await route();
    const csrfResponse = await GET(new Request("http://vetted.example/api/auth/csrf", { headers: { "x-forwarded-for": ip } }));
    const csrfCookie = csrfResponse.headers.getSetCookie().find((c) => c.startsWith("__Host-authjs.csrf-token="));
    expect(csrfCookie, csrfResponse.headers.getSetCookie().join("\n")).toBeDefined();
    expect(csrfCookie).toMatch(/;\s*Secure/i);
    const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };

    const body = new URLSearchParams({ csrfToken, callbackUrl: "https://vetted.example/orgs", email: users.STAFF.email, password: TEST_PASSWORD });
    const signedIn = await POST(
      new Request("http://vetted.example/api/auth/callback/credentials", {
        method: "POST",
        body,
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie!.split(";")[0]!, "x-forwarded-for": ip },
      }),
    );
    expect(signedIn.status).toBe(302);
    const cookies = signedIn.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith("__Secure-authjs.session-token="));
    expect(session, cookies.join("\n")).toBeDefined();
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(cookies.some((c) => c.startsWith("authjs.session-token="))).toBe(false);
  });
});

describe("the client approver link's session cookie over HTTPS (issue 16)", () => {
  it("is __Secure- prefixed, Secure, HttpOnly, SameSite=Strict and scoped to the link's path; only that name is read back", async () => {
    const { clientSessionCookie, clientSessionFrom } = await import("@/lib/client-approval-session");
    const token = "t".repeat(43);
    const value = "s".repeat(43);
    const cookie = clientSessionCookie(token, value, new Date("2030-01-01T00:00:00Z"));
    expect(cookie).toBe(`__Secure-vetted_client_approval=${value}; Path=/approve/${token}; Expires=Tue, 01 Jan 2030 00:00:00 GMT; HttpOnly; SameSite=Strict; Secure`);
    const sent = (header: string) => clientSessionFrom(new Request(`https://vetted.example/approve/${token}/decision`, { headers: { cookie: header } }));
    expect(sent(`other=1; ${cookie.split(";")[0]}`)).toBe(value);
    // The unprefixed name (which a sibling subdomain could plant over http) is not read.
    expect(sent(`vetted_client_approval=${value}`)).toBeNull();
  });
});
