// Loaded before pdf-lib for the reason given in auth-routes.int.test.ts.
import "next-auth";
import { randomInt } from "node:crypto";
import { SIGNIN_LIMITS } from "@vetted/domain";
import { db } from "@vetted/db";
import { confirmMfaEnrolment, startMfaEnrolment } from "@vetted/domain";
import { createOrgWithMembers, TEST_PASSWORD, testRequest, totpAtForTests } from "@vetted/domain/testing";
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

type Result = { ok: boolean; error?: { code: string; message: string }; values?: Record<string, string> };
const signInAction = async (email: string, password: string, code?: string) =>
  ((await importApp("(auth)/signin/actions.ts")).signInAction as (prev: null, data: FormData) => Promise<Result>)(null, form({ email, password, ...(code === undefined ? {} : { code }) }));

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

  it("asks for the authenticator code after the right password of an account with MFA, and says when a code is wrong", async () => {
    const { users } = await createOrgWithMembers();
    const user = users.CONSULTANT;
    const session = await db().userSession.create({ data: { userId: user.id, idleMinutes: 15 } });
    const { secret } = await startMfaEnrolment(user.id);
    await confirmMfaEnrolment(user.id, session.id, { code: await totpAtForTests(secret, new Date()) }, testRequest());
    browser.ip = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
    const step = await signInAction(user.email, TEST_PASSWORD);
    expect(step).toMatchObject({ ok: false, error: { code: "MFA_REQUIRED" }, values: { email: user.email, step: "code" } });
    expect(step.error!.message).toMatch(/authenticator app/);
    const wrong = await signInAction(user.email, TEST_PASSWORD, "000000");
    expect(wrong).toMatchObject({ ok: false, error: { code: "MFA_REQUIRED", message: expect.stringMatching(/not valid/) } });
    // A wrong password says nothing about MFA.
    expect(await signInAction(user.email, "wrong password", "000000")).toMatchObject({ error: { code: "UNAUTHENTICATED", message: "Email or password is incorrect." } });
  });
});
