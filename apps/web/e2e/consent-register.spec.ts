import { expect, test } from "@playwright/test";
import { USERS, signIn } from "./helpers";

// The consent register in a real browser: staff upload a signed form (a field error first), find
// it by exact name without the name ever reaching a URL, and a compliance officer opens the file
// (framed on the page despite the app-wide X-Frame-Options: DENY) and verifies it.

const ORG = "st-brigid-hospital";
const NAME = "Ingrid Valcourt-Amundsen";
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A minimal valid one-page PDF. */
function pdf(): Buffer {
  const body = [
    "%PDF-1.4",
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj",
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj",
    "trailer << /Root 1 0 R >>",
    "%%EOF",
  ];
  return Buffer.from(`${body.join("\n")}\n`, "latin1");
}

test("staff upload a signed consent, find it by exact name; the officer opens the file and verifies it", async ({ browser }) => {
  test.setTimeout(120_000);
  const staff = await (await browser.newContext()).newPage();
  const officer = await (await browser.newContext()).newPage();
  const visited: string[] = [];
  staff.on("request", (r) => visited.push(r.url()));

  await signIn(staff, USERS.staff);
  await staff.goto(`/orgs/${ORG}`);
  await staff.getByRole("link", { name: "Consents", exact: true }).click();
  await expect(staff.getByRole("heading", { name: "Consent register" })).toBeVisible();
  await expect(staff.getByRole("link", { name: "Request a signature" })).toHaveAttribute("href", `/orgs/${ORG}/consents/requests/new`);
  await staff.getByRole("link", { name: "Upload signed form" }).click();

  await staff.getByLabel("Signed authorization form (PDF, JPEG or PNG, up to 20 MB)").setInputFiles({ name: `${NAME} consent.pdf`, mimeType: "application/pdf", buffer: pdf() });
  await staff.getByLabel("Patient name (as on the form)").fill(NAME);
  await staff.getByLabel("Information to be disclosed").fill("Photos from the spring garden party");
  await expect(staff.getByLabel("Who discloses it")).toHaveValue("St. Brigid Regional Hospital");
  await staff.getByLabel("Recipients (one per line)").fill("Northwind Health Marketing\nMeta Platforms");
  await staff.getByLabel("Facebook").check();
  await staff.getByLabel("Instagram").check();
  await staff.getByLabel("Social media marketing").check();
  await staff.getByLabel("Expiration date").fill(day(365));
  await staff.getByLabel("Signed by", { exact: true }).fill(NAME);
  await staff.getByLabel("Date signed").fill(day(-1));
  await staff.getByLabel("The patient may revoke this authorization in writing, and how to do it").check();
  await staff.getByLabel("Treatment, payment, enrollment or eligibility does not depend on signing").check();
  // The redisclosure statement is left out: the form says which element is missing, beside it.
  await staff.getByRole("button", { name: "Upload consent" }).click();
  await expect(staff.locator("#ackRedisclosure-error")).toContainText("redisclosure");
  await staff.getByLabel("Information disclosed may be shared again by the recipient and no longer be protected").check();
  await staff.getByRole("button", { name: "Upload consent" }).click();

  await expect(staff).toHaveURL(new RegExp(`/orgs/${ORG}/consents/[0-9a-f-]{36}\\?uploaded=1$`));
  const consentPath = new URL(staff.url()).pathname;
  await expect(staff.getByRole("heading", { name: NAME })).toBeVisible();
  await expect(staff.getByText("Consent uploaded.")).toBeVisible();
  await expect(staff.getByText("Not verified yet")).toBeVisible();

  // In the register, and found by the exact name in any case; a partial name finds nothing.
  await staff.getByRole("link", { name: "← Consent register" }).click();
  await expect(staff.getByTestId("consent-row").filter({ hasText: NAME })).toBeVisible();
  await staff.getByLabel("Patient name (exact)").fill(NAME.toUpperCase());
  await staff.getByRole("button", { name: "Search", exact: true }).click();
  const results = staff.getByRole("region", { name: "Name search results" });
  await expect(results.getByTestId("consent-row")).toHaveCount(1);
  await expect(results.getByTestId("consent-row")).toContainText(NAME);
  await staff.getByLabel("Patient name (exact)").fill("Ingrid");
  await staff.getByRole("button", { name: "Search", exact: true }).click();
  await expect(results).toContainText("No consent on file under exactly that name.");
  await staff.getByLabel("Patient name (exact)").fill(NAME);
  await staff.getByRole("button", { name: "Search", exact: true }).click();
  await results.getByRole("link", { name: /Open/ }).click();
  await expect(staff).toHaveURL(new RegExp(`${consentPath}$`));
  await expect(staff.getByRole("heading", { name: NAME })).toBeVisible();
  // The uploader is not offered verification.
  await expect(staff.getByRole("button", { name: "Verify against the file" })).toHaveCount(0);
  for (const url of visited) expect(decodeURIComponent(url).toLowerCase()).not.toContain("ingrid");

  // The officer must open the file before verifying.
  await signIn(officer, USERS.officer);
  await officer.goto(consentPath);
  await officer.getByRole("button", { name: "Verify against the file" }).click();
  await expect(officer.getByText("Open the signed file first: verification means checking the fields against it")).toBeVisible();
  const [file] = await Promise.all([
    officer.waitForResponse((r) => r.url().endsWith(`${consentPath.replace("/orgs/", "/api/orgs/")}/file`)),
    officer.getByRole("button", { name: "Open the signed file" }).click(),
  ]);
  expect(file.status()).toBe(200);
  expect(file.headers()["x-frame-options"]).toBe("SAMEORIGIN");
  expect(file.headers()["content-security-policy"]).toBe("frame-ancestors 'self'");
  await expect(officer.getByTitle("Signed consent form")).toBeVisible();
  // A frame blocked by X-Frame-Options ends up on Chrome's error page instead of the file's URL.
  await expect.poll(() => officer.frames().map((f) => f.url()).find((u) => u.includes("/file") || u.startsWith("chrome-error"))).toContain("/file");
  await officer.getByRole("button", { name: "Verify against the file" }).click();
  await expect(officer.getByText("Verified: this consent now counts at approval")).toBeVisible();
  await expect(officer.getByTestId("verified-by")).toContainText("Olivia Officer");
  await expect(officer.getByTestId("consent-history-row").filter({ hasText: "Verified against the file" })).toHaveCount(1);
  await expect(officer.getByTestId("consent-history-row").filter({ hasText: "Opened the signed file" }).first()).toContainText("Olivia Officer");
});
