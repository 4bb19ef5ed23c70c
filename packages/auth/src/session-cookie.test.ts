import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { identityFromCookies, sessionCookieName, sessionToken } from "./session-cookie";

const secret = "test-only-auth-secret-0123456789abcdef";
const http = { appUrl: "http://localhost:3000", secret };
const https = { appUrl: "https://app.vetted.example", secret };
const claims = { sub: "3b0f2a56-1111-4d2e-9a6c-2f4f7c1b9e01", sid: "6d7c1e0a-2222-4b8e-8f3a-9c2d5e4f1a02", name: "Dana", email: "dana@example.test" };

/** A cookie as Auth.js writes it at sign-in (its encode, the cookie name as salt). */
const tokenFor = (payload: Record<string, unknown>, opts = http, maxAge = 12 * 60 * 60) => {
  const salt = sessionCookieName(opts.appUrl);
  return encode({ token: payload, secret: opts.secret, salt, maxAge });
};

describe("the session cookie", () => {
  it("is named as Auth.js names it: prefixed __Secure- over HTTPS only", () => {
    expect(sessionCookieName(http.appUrl)).toBe("authjs.session-token");
    expect(sessionCookieName(https.appUrl)).toBe("__Secure-authjs.session-token");
  });

  it("joins Auth.js's chunks in index order, and prefers the whole cookie", () => {
    const name = "authjs.session-token";
    expect(sessionToken([{ name: `${name}.1`, value: "bb" }, { name: "other", value: "x" }, { name: `${name}.0`, value: "aa" }, { name: `${name}.10`, value: "cc" }], name)).toBe("aabbcc");
    expect(sessionToken([{ name, value: "whole" }, { name: `${name}.0`, value: "stale" }], name)).toBe("whole");
    expect(sessionToken([{ name: `${name}.x`, value: "no" }, { name: `${name}x`, value: "no" }], name)).toBeUndefined();
    expect(sessionToken([{ name, value: "" }], name)).toBeUndefined();
  });
});

describe("identityFromCookies", () => {
  it("reads the user and the session row from a token Auth.js encoded, over HTTP and HTTPS", async () => {
    const token = await tokenFor(claims);
    expect(await identityFromCookies([{ name: "authjs.session-token", value: token }], http)).toEqual({ identity: { userId: claims.sub, sessionId: claims.sid } });
    const secure = await tokenFor(claims, https);
    expect(await identityFromCookies([{ name: "__Secure-authjs.session-token", value: secure }], https)).toEqual({ identity: { userId: claims.sub, sessionId: claims.sid } });
    // Split in two as Auth.js would split a large one.
    const half = Math.floor(token.length / 2);
    expect((await identityFromCookies([{ name: "authjs.session-token.0", value: token.slice(0, half) }, { name: "authjs.session-token.1", value: token.slice(half) }], http)).identity).toEqual({ userId: claims.sub, sessionId: claims.sid });
  });

  it("names nobody without a cookie, and says nothing was refused", async () => {
    expect(await identityFromCookies([{ name: "other", value: "x" }], http)).toEqual({ identity: null });
  });

  it("refuses a token of another secret, another cookie name (salt), a tampered one, an expired one, and one without the session claim", async () => {
    const token = await tokenFor(claims);
    const refused = async (value: string, opts = http) => identityFromCookies([{ name: sessionCookieName(opts.appUrl), value }], opts);
    expect(await refused(token, { ...http, secret: "another-secret-0123456789abcdef0123" })).toMatchObject({ identity: null, refused: expect.any(String) });
    // Encrypted for the HTTP cookie's name, presented as the HTTPS one: the derived key differs.
    expect(await refused(token, https)).toMatchObject({ identity: null, refused: expect.any(String) });
    const parts = token.split(".");
    parts[3] = `${parts[3]!.slice(0, -2)}${parts[3]!.endsWith("A") ? "B" : "A"}A`;
    expect(await refused(parts.join("."))).toMatchObject({ identity: null, refused: expect.any(String) });
    expect(await refused("not-a-jwt")).toMatchObject({ identity: null, refused: expect.any(String) });
    expect(await refused(await tokenFor(claims, http, -60))).toEqual({ identity: null, refused: "ERR_JWT_EXPIRED" });
    expect(await refused(await tokenFor({ sub: claims.sub }))).toEqual({ identity: null, refused: "claims" });
    expect(await refused(await tokenFor({ sid: claims.sid }))).toEqual({ identity: null, refused: "claims" });
  });
});
