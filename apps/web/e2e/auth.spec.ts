import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, makeHospitalUser, signIn } from "./helpers";

test("five wrong passwords lock the account, and then even the right one is refused", async ({ page }) => {
  const email = await makeHospitalUser("lockout");
  await page.goto("/signin");
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong-password-${attempt}`);
    // Wait for this attempt's answer, not the alert left over from the previous one.
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/signin")), page.getByRole("button", { name: "Sign in" }).click()]);
    const expected = attempt < 5 ? "Email or password is incorrect." : /locked for 15 minutes/;
    await expect(page.locator("form").getByRole("alert")).toContainText(expected);
  }
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toContainText(/locked/);
  await expect(page).toHaveURL(/\/signin/);
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
