import { expect, test } from "@playwright/test";
import { decode, encode } from "next-auth/jwt";
import { E2E_AUTH_SECRET } from "../playwright.config";
import { DEMO_PASSWORD, makeHospitalUser, signIn } from "./helpers";

test("wrong passwords slow an account down for seconds, not a lockout, and the right one then works", async ({ page }) => {
  const email = await makeHospitalUser("throttle");
  // e2e sets no TRUSTED_PROXIES, so the IP is unknown and only the per-account wait applies here;
  // the per-IP budget is covered by authenticate-user.int.test.ts and auth-routes.int.test.ts.
  await page.goto("/signin");
  const attempt = async (password: string, expected: string | RegExp) => {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    // Wait for this attempt's answer, not the alert left over from the previous one.
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/signin")), page.getByRole("button", { name: "Sign in" }).click()]);
    await expect(page.locator("form").getByRole("alert")).toContainText(expected);
  };
  for (let n = 1; n <= 4; n++) await attempt(`wrong-password-${n}`, "Email or password is incorrect.");
  await attempt("wrong-password-5", /Too many attempts, try again in [12] seconds?/);
  // Once the wait has passed the owner gets in: nobody can lock an account for 15 minutes. (That
  // the right password is refused inside the wait is covered by authenticate-user.int.test.ts.)
  await page.waitForTimeout(2_500);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Staff, like consultants and admins, start on the agency overview.
  await expect(page).toHaveURL(/\/overview$/);
});

test("an idle session is signed out automatically, with a warning first", async ({ page }) => {
  const email = await makeHospitalUser("idle");
  await page.clock.install();
  await signIn(page, email);
  await page.goto("/orgs/st-brigid-hospital");
  await expect(page.getByRole("heading", { level: 1, name: "St. Brigid Regional Hospital" })).toBeVisible();
  await page.clock.fastForward("14:10");
  await expect(page.getByRole("alertdialog")).toContainText("You will be signed out");
  await page.clock.fastForward("01:00");
  await expect(page).toHaveURL(/\/signin\?reason=idle/);
  await expect(page.getByText("signed out after a period of inactivity")).toBeVisible();
  // The server ended the session too: going back does not get in.
  await page.goto("/orgs/st-brigid-hospital");
  await expect(page).toHaveURL(/\/signin/);
});

test("sign out ends the session", async ({ page }) => {
  const email = await makeHospitalUser("signout");
  await signIn(page, email);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin\?reason=signedout/);
  await page.goto("/orgs");
  await expect(page).toHaveURL(/\/signin/);
});

test("a session token past its 12 hours sends the user to sign in, saying why", async ({ page, context }) => {
  const email = await makeHospitalUser("expired");
  await signIn(page, email);
  const NAME = "authjs.session-token";
  const cookie = (await context.cookies()).find((c) => c.name === NAME)!;
  const claims = await decode({ token: cookie.value, secret: E2E_AUTH_SECRET, salt: NAME });
  // The same claims re-encrypted as Auth.js does: still valid for an hour, then an hour past their end.
  const withLife = async (seconds: number) => {
    const value = await encode({ token: { ...claims, exp: undefined }, secret: E2E_AUTH_SECRET, salt: NAME, maxAge: seconds });
    await context.addCookies([{ ...cookie, value }]);
  };
  await withLife(3600);
  await page.goto("/orgs");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await withLife(-3600);
  await page.goto("/orgs");
  await expect(page).toHaveURL(/\/signin\?reason=expired/);
  await expect(page.getByText("Your session reached its 12-hour limit.")).toBeVisible();
});
