import { readFile } from "node:fs/promises";
import { devices, expect, test, type Page } from "@playwright/test";
import { USERS, signIn } from "./helpers";

// Sign in-app: staff send an authorization, the patient signs it on a phone (a separate, signed-out
// browser context with a touch screen), downloads the PDF, and staff then see the request signed.

/** A signature stroke with real touch events (touchstart/move/end → pointer events of type "touch"). */
async function drawWithFinger(page: Page, selector: string) {
  const box = (await page.locator(selector).boundingBox())!;
  const cdp = await page.context().newCDPSession(page);
  const at = (fx: number, fy: number) => [{ x: box.x + box.width * fx, y: box.y + box.height * fy }];
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: at(0.1, 0.7) });
  for (let i = 1; i <= 40; i++) {
    const t = i / 40;
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: at(0.1 + 0.8 * t, 0.5 + 0.3 * Math.sin(t * Math.PI * 3)) });
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
}

test("staff send an authorization that the patient signs on a phone", async ({ page, browser }) => {
  const patient = `Rosalind Okonkwo-${Date.now()}`;
  await signIn(page, USERS.staff);
  await page.goto("/orgs/st-brigid-hospital/consents/requests/new");
  const request = page.getByRole("form", { name: "New signing request" });
  await request.getByLabel("Patient's full name").fill(patient);
  await request.getByLabel("What will be used and shared").fill("Photos from the cardiac rehab graduation ceremony");
  // Nothing is pre-ticked: a missing channel is named before anything is created.
  await request.getByRole("button", { name: "Create signing link" }).click();
  await expect(request.getByText("Pick at least one channel")).toBeVisible();
  await expect(request.getByLabel("Patient's full name")).toHaveValue(patient);
  await request.getByLabel("Facebook").check();
  await request.getByLabel("Marketing on social media").check();
  await request.getByRole("button", { name: "Create signing link" }).click();
  await expect(page.getByText("Copy the link and send it to the patient")).toBeVisible();
  const link = await page.getByTestId("signing-url").inputValue();
  expect(link).toMatch(/^http:\/\/localhost:3100\/sign\/[A-Za-z0-9_-]{43}$/);

  // The patient's phone: no session, touch screen, small viewport.
  const { defaultBrowserType: _unused, ...pixel } = devices["Pixel 7"];
  const phoneContext = await browser.newContext({ ...pixel, acceptDownloads: true });
  const phone = await phoneContext.newPage();
  const response = await phone.goto(link);
  expect(response?.status()).toBe(200);
  expect(response?.headers()["cache-control"]).toMatch(/no-store/);
  expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
  await expect(phone.getByRole("heading", { name: /asks for your permission/ })).toBeVisible();
  await expect(phone.getByText(patient)).toBeVisible();
  await expect(phone.getByText("Photos from the cardiac rehab graduation ceremony")).toBeVisible();
  // Where to send a revocation is a real address from the org's settings, and the public on the ticked channel is a recipient.
  await expect(phone.getByText(/by writing to Privacy Office, St\. Brigid Regional Hospital, by post at 400 Harbor Road/)).toBeVisible();
  await expect(phone.getByText(/The public, through Facebook/)).toBeVisible();

  // Submitting without signing names what is missing.
  await phone.getByRole("button", { name: "Sign and send" }).click();
  await expect(phone.locator("#signature-error")).toBeVisible();
  await expect(phone.locator("#typedName-error")).toBeVisible();
  await expect(phone.getByText("see the items marked in red")).toBeVisible();

  await phone.getByLabel("Your full name").fill(patient);
  await drawWithFinger(phone, "[data-testid=signature-pad]");
  await phone.getByLabel(/I can take back this permission/).check();
  await phone.getByLabel(/do not depend on whether I sign/).check();
  await phone.getByLabel(/may be shared again/).check();
  await phone.getByLabel(/my electronic signature on this form/).check();
  await phone.getByRole("button", { name: "Sign and send" }).click();
  await expect(phone.getByRole("heading", { name: "Thank you, it is signed" })).toBeVisible();

  const [download] = await Promise.all([phone.waitForEvent("download"), phone.getByRole("link", { name: "Download your copy (PDF)" }).click()]);
  const pdf = await readFile((await download.path())!);
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(pdf.length).toBeGreaterThan(8_000);
  expect(download.suggestedFilename()).toBe("signed-authorization.pdf");

  // The link is single-use.
  await phone.goto(link);
  await expect(phone.getByRole("heading", { name: "Already signed" })).toBeVisible();
  await phoneContext.close();

  await page.goto("/orgs/st-brigid-hospital/consents/requests");
  const row = page.getByTestId("consent-request-row").filter({ hasText: patient });
  await expect(row.getByTestId("request-state")).toHaveText("Signed");
  await expect(row.getByRole("link", { name: "Open consent" })).toBeVisible();
});
