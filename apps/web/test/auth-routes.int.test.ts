// First, before anything loads pdf-lib: its tslib 1.x (CommonJS) puts old helpers on the global
// object, and under vitest @auth/core's module-level `this.__classPrivateFieldGet` would pick them
// up and fail on cookies. (Bundled by Next, that `this` is undefined; this is a test-only clash.)
import "next-auth";
import { randomInt } from "node:crypto";
import { db } from "@vetted/db";
import { SIGNIN_LIMITS, touchSession } from "@vetted/domain";
import { auditEventsFor, createOrgWithMembers, TEST_PASSWORD } from "@vetted/domain/testing";
import { describe, expect, it, vi } from "vitest";
import { importApp } from "./route-harness";

// Auth.js's own endpoints (/api/auth/*), called in-process the way a browser or a script would:
// they must be rate limited like the sign-in form, and signing out there must end the session row.

// X-Forwarded-For counts only behind a trusted proxy (packages/auth/src/client-ip.ts): the test
// requests come "through" this one, so each test's own client address is what the limiter sees.
vi.hoisted(() => {
  process.env.TRUSTED_PROXIES = "192.0.2.1";
});

type Handler = (request: Request) => Promise<Response>;
const route = async () => (await importApp("api/auth/[...nextauth]/route.ts")) as { GET: Handler; POST: Handler };
const newIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/** A cookie jar of name=value pairs, fed from Set-Cookie headers. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  }
  header = () => [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  get = (name: string) => this.cookies.get(name);
}

async function csrf(jar: Jar, ip: string): Promise<string> {
  const response = await (await route()).GET(new Request("http://localhost/api/auth/csrf", { headers: { cookie: jar.header(), "x-forwarded-for": ip } }));
  jar.take(response);
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

async function post(path: string, jar: Jar, ip: string, fields: Record<string, string>): Promise<Response> {
  const body = new URLSearchParams({ csrfToken: await csrf(jar, ip), callbackUrl: "http://localhost/orgs", ...fields });
  const response = await (await route()).POST(
    new Request(`http://localhost/api/auth/${path}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header(), "x-forwarded-for": ip, "user-agent": "auth-routes-test" },
    }),
  );
  jar.take(response);
  return response;
}

const signInThere = (jar: Jar, ip: string, email: string, password: string) => post("callback/credentials", jar, ip, { email, password });

describe("Auth.js /api/auth/callback/credentials", () => {
  it(`answers 429 with Retry-After once an IP has failed ${SIGNIN_LIMITS.ipFailures} times`, async () => {
    const ip = newIp();
    const jar = new Jar();
    for (let i = 0; i < SIGNIN_LIMITS.ipFailures; i++) {
      const response = await signInThere(jar, ip, `spray-${i}-${Date.now()}@test.vetted.local`, "wrong password");
      expect(response.status, `attempt ${i + 1}`).toBe(302);
      expect(response.headers.get("location")).toMatch(/error=CredentialsSignin/);
    }
    const { users } = await createOrgWithMembers();
    const response = await signInThere(jar, ip, users.STAFF.email, TEST_PASSWORD);
    expect(response.status, response.headers.get("location") ?? "").toBe(429);
    const retryAfter = Number(response.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(SIGNIN_LIMITS.ipWindowSeconds - 60);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
    expect(jar.get("authjs.session-token")).toBeUndefined();
    expect(await db().userSession.count({ where: { userId: users.STAFF.id } })).toBe(0);
  });

  it("answers 429 to an account inside its wait, the same for an unknown email", async () => {
    const { users } = await createOrgWithMembers();
    for (const email of [users.STAFF.email, `nobody-${Date.now()}@test.vetted.local`]) {
      const [ip, jar] = [newIp(), new Jar()];
      const statuses: number[] = [];
      for (let i = 0; i < SIGNIN_LIMITS.freeFailures + 2; i++) statuses.push((await signInThere(jar, ip, email, "wrong password")).status);
      expect(statuses).toEqual([...Array.from({ length: SIGNIN_LIMITS.freeFailures }, () => 302), 429, 429]);
    }
  });
});

describe("Auth.js /api/auth/signout", () => {
  it("ends the server-side session row, so a copied cookie stops working", async () => {
    const { org, users } = await createOrgWithMembers();
    const [ip, jar] = [newIp(), new Jar()];
    const signedIn = await signInThere(jar, ip, users.STAFF.email, TEST_PASSWORD);
    expect(signedIn.status).toBe(302);
    expect(jar.get("authjs.session-token")).toBeTruthy();
    const session = await db().userSession.findFirstOrThrow({ where: { userId: users.STAFF.id, endedAt: null } });

    const signedOut = await post("signout", jar, ip, {});
    expect(signedOut.status).toBe(302);
    const ended = await db().userSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(ended).toMatchObject({ endReason: "signout" });
    expect(ended.endedAt).toBeInstanceOf(Date);
    expect(await touchSession(session.id, { ip, userAgent: "copied-cookie" })).toEqual({ valid: false, reason: "ended" });
    const audit = await auditEventsFor(org.id, { action: "auth.signed_out", targetId: users.STAFF.id });
    expect(audit).toEqual([expect.objectContaining({ ip, metadata: { sessionId: session.id } })]);
  });
});
