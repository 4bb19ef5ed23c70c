import { encode } from "next-auth/jwt";
import { beforeEach, describe, expect, it, vi } from "vitest";

// currentIdentity inside a request: the cookies Next hands it, the env it validated once, the log.
const jar = vi.hoisted(() => ({ cookies: [] as { name: string; value: string }[], warnings: [] as unknown[] }));
vi.mock("next/headers", () => ({ cookies: async () => ({ getAll: () => jar.cookies }) }));
vi.mock("@vetted/config", () => ({ webEnv: () => ({ APP_URL: "http://localhost:3000", AUTH_SECRET: "test-only-auth-secret-0123456789abcdef" }) }));
vi.mock("@vetted/log", () => ({ logger: () => ({ warn: (entry: unknown) => jar.warnings.push(entry), info: () => undefined }) }));

const { currentIdentity } = await import("./session");
const NAME = "authjs.session-token";
const claims = { sub: "3b0f2a56-1111-4d2e-9a6c-2f4f7c1b9e01", sid: "6d7c1e0a-2222-4b8e-8f3a-9c2d5e4f1a02" };
const token = (maxAge: number, secret = "test-only-auth-secret-0123456789abcdef") => encode({ token: claims, secret, salt: NAME, maxAge });

beforeEach(() => {
  jar.cookies = [];
  jar.warnings = [];
});

describe("currentIdentity", () => {
  it("names the user and session of a live token, and nobody without a cookie", async () => {
    jar.cookies = [{ name: NAME, value: await token(3600) }];
    expect(await currentIdentity()).toEqual({ userId: claims.sub, sessionId: claims.sid });
    jar.cookies = [];
    expect(await currentIdentity()).toBeNull();
    expect(jar.warnings).toEqual([]);
  });

  it("answers a token past its 12 hours with UNAUTHENTICATED \"expired\", so sign-in can say why", async () => {
    jar.cookies = [{ name: NAME, value: await token(-60) }];
    await expect(currentIdentity()).rejects.toMatchObject({ code: "UNAUTHENTICATED", message: "expired" });
  });

  it("names nobody for a token of another secret, and logs the kind of refusal without the token", async () => {
    const value = await token(3600, "another-secret-0123456789abcdef0123");
    jar.cookies = [{ name: NAME, value }];
    expect(await currentIdentity()).toBeNull();
    expect(jar.warnings).toEqual([{ event: "auth.session_token_refused", reason: expect.any(String) }]);
    expect(JSON.stringify(jar.warnings)).not.toContain(value.slice(0, 40));
  });
});
