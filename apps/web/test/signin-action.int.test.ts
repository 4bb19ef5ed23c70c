// Loaded before pdf-lib for the reason given in auth-routes.int.test.ts.
import "next-auth";
import { randomInt } from "node:crypto";
import { SIGNIN_LIMITS } from "@vetted/domain";
import { createOrgWithMembers } from "@vetted/domain/testing";
import { describe, expect, it, vi } from "vitest";
import { form, importApp } from "./route-harness";

// The sign-in form's server action goes through Auth.js's signIn(), which reads the request's
// headers and cookies from next/headers: here they are those of a browser at a fixed address.
const browser = vi.hoisted(() => {
  process.env.TRUSTED_PROXIES = "192.0.2.1"; // so X-Forwarded-For names the client (client-ip.ts)
  return { ip: "10.0.0.1" };
});
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "localhost", "x-forwarded-for": browser.ip, "user-agent": "signin-action-test" }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => undefined, delete: () => undefined }),
}));

type Result = { ok: boolean; error?: { code: string; message: string } };
const signInAction = async (email: string, password: string) =>
  ((await importApp("(auth)/signin/actions.ts")).signInAction as (prev: null, data: FormData) => Promise<Result>)(null, form({ email, password }));

describe("signInAction", () => {
  it("shows how long to wait once the account is throttled, the same for an unknown email", async () => {
    const { users } = await createOrgWithMembers();
    for (const email of [users.STAFF.email, `nobody-${Date.now()}@test.vetted.local`]) {
      browser.ip = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
      for (let i = 0; i < SIGNIN_LIMITS.freeFailures; i++) {
        expect(await signInAction(email, "wrong password")).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED", message: "Email or password is incorrect." } });
      }
      const throttled = await signInAction(email, "wrong password");
      expect(throttled).toMatchObject({ ok: false, error: { code: "RATE_LIMITED" } });
      expect(throttled.error!.message).toMatch(/^Too many attempts, try again in [12] seconds?$/);
    }
  });
});
