import { expect, test, type Browser } from "@playwright/test";
import { USERS, signIn, sql } from "./helpers";

// Forms as a new user met them: a form that carries PHI must never submit as a GET (before
// hydration, or with JavaScript off), a rejected submit keeps what was typed, and a save says
// what it saved.

const ORG = "st-brigid-hospital";
/** Filter fields that may travel in a query string: none can hold a patient's data. */
const GET_SAFE_FIELDS = new Set(["q", "status", "expiring", "expiringSoon", "org", "channel", "risk", "dueWithinHours", "actorId", "action", "from", "to", "page"]);

/** Signs in with JavaScript on, then hands the session to a context with JavaScript off. */
async function noScriptPage(browser: Browser, email: string) {
  const withJs = await browser.newContext();
  await signIn(await withJs.newPage(), email);
  const state = await withJs.storageState();
  await withJs.close();
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: state });
  return context.newPage();
}

test("no form on a page that handles PHI can submit by GET, even without JavaScript", async ({ browser }) => {
  const page = await noScriptPage(browser, USERS.admin);
  const pages = [
    `/orgs/${ORG}/consents/new`,
    `/orgs/${ORG}/consents/requests/new`,
    `/orgs/${ORG}/consents`,
    `/orgs/${ORG}/posts/new`,
    `/orgs/${ORG}/members`,
    `/orgs/${ORG}/settings`,
    `/signin`,
  ];
  for (const path of pages) {
    await page.goto(path);
    const forms = await page.locator("form").evaluateAll((all) =>
      all.map((f) => ({
        method: (f as HTMLFormElement).method,
        label: f.getAttribute("aria-label"),
        fields: [...(f as HTMLFormElement).elements].map((e) => (e as HTMLInputElement).name).filter(Boolean),
      })),
    );
    // GET only for filters whose every field is known to carry no patient data (status, dates, ids).
    const get = forms.filter((f) => f.method !== "post" && f.fields.some((name) => !GET_SAFE_FIELDS.has(name)));
    expect(get, `${path}: ${JSON.stringify(get)}`).toEqual([]);
  }

  // Submitting the consent upload with JavaScript off posts the fields in the body: nothing reaches the address.
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(`/orgs/${ORG}/consents/new`);
  await page.getByLabel("Patient name (as on the form)").fill("Theodora Nobody-Script");
  await page.getByLabel("Medical record number (optional)").fill("MRN-55501");
  await page.getByRole("button", { name: "Upload consent" }).click();
  await page.waitForLoadState();
  for (const url of [...requests, page.url()]) {
    expect(url).not.toMatch(/subjectName|Theodora|mrn|MRN-55501/i);
  }
});

test("a rejected invitation keeps the typed email and role, and the button comes back", async ({ page }) => {
  await signIn(page, USERS.admin);
  await page.goto(`/orgs/maple-grove-senior-living/members`);
  const invite = page.getByRole("form", { name: "Invite a member" });
  await invite.getByLabel("Email").fill("not-an-email");
  await invite.getByLabel("Role").selectOption("CONSULTANT");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("alert")).toBeVisible();
  await expect(invite.getByLabel("Email")).toHaveValue("not-an-email");
  await expect(invite.getByLabel("Role")).toHaveValue("CONSULTANT");
  await expect(invite.getByRole("button", { name: "Send invitation" })).toBeEnabled();

  const email = `second-try-${Date.now()}@vetted.test`;
  await invite.getByLabel("Email").fill(email);
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toContainText("Invitation sent");
  await expect(page.getByText(`${email} · Consultant`)).toBeVisible();
});

test("settings refuse blank fields, audit only real changes, and confirm what was saved", async ({ page }) => {
  await signIn(page, USERS.admin);
  await page.goto(`/orgs/maple-grove-senior-living/settings`);
  const form = page.getByRole("form", { name: "Organization settings" });
  const auditCount = async () => {
    const [row] = await sql<{ count: string }>(
      `SELECT count(*) FROM "AuditEvent" e JOIN "Organization" o ON o.id = e."orgId" WHERE o.slug = $1 AND e.action = 'org.updated'`,
      ["maple-grove-senior-living"],
    );
    return Number(row?.count ?? 0);
  };
  const before = await auditCount();

  await form.getByLabel("Organization name").fill("");
  await form.getByLabel("Automatic logoff after (minutes idle)").fill("");
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(form.locator("#name-error")).toContainText("at least 2 characters");
  await expect(form.locator("#idleTimeoutMinutes-error")).toContainText("Enter a number of minutes");

  await page.reload();
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(form.getByRole("status")).toContainText("No changes to save");

  await form.getByLabel("Automatic logoff after (minutes idle)").fill("25");
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(form.getByRole("status")).toContainText("automatic logoff");
  expect((await auditCount()) - before).toBe(1);
});

test("removing an approval step saves every time and says so", async ({ page }) => {
  await signIn(page, USERS.admin);
  await page.goto(`/orgs/brightsmile-dental/settings`);
  const policy = page.getByRole("form", { name: "Approval policy" });
  for (let round = 0; round < 2; round++) {
    await policy.getByRole("button", { name: "Add a step" }).click();
    await policy.getByRole("button", { name: "Save approval policy" }).click();
    await expect(policy.getByRole("status")).toContainText("Approval policy saved: 2 steps");
    await policy.getByRole("button", { name: "Remove step 2" }).click();
    await policy.getByRole("button", { name: "Save approval policy" }).click();
    await expect(policy.getByRole("status")).toContainText("Approval policy saved: 1 step");
  }
  await page.reload();
  await expect(policy.getByText("Step 2")).toHaveCount(0);
  const events = await sql<{ steps: number }>(
    `SELECT (e.metadata->>'steps')::int AS steps FROM "AuditEvent" e JOIN "Organization" o ON o.id = e."orgId"
      WHERE o.slug = 'brightsmile-dental' AND e.action = 'policy.updated' ORDER BY e.seq`,
  );
  expect(events.map((e) => e.steps).slice(-4)).toEqual([2, 1, 2, 1]);
});

test("comment moderation settings: snapshots kept at least six years, the first-response time saved and shown", async ({ page }) => {
  await signIn(page, USERS.admin);
  await page.goto(`/orgs/brightsmile-dental/settings`);
  const form = page.getByRole("form", { name: "Organization settings" });
  await expect(form.getByRole("group", { name: "Comment moderation" })).toBeVisible();
  await expect(form.getByLabel("Hide comments the scanner blocks at once")).toBeChecked();

  await form.getByLabel("Keep comment snapshots for (days)").fill("365");
  await form.getByLabel("First response within (minutes)").fill("5");
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(form.locator("#commentRetentionDays-error")).toContainText("At least 2190 days: HIPAA documentation is kept six years");
  await expect(form.locator("#firstResponseSlaMinutes-error")).toContainText("At least 30 minutes");

  await form.getByLabel("Keep comment snapshots for (days)").fill("2555");
  await form.getByLabel("First response within (minutes)").fill("120");
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(form.getByRole("status")).toContainText("first-response time");
  await page.reload();
  await expect(form.getByLabel("Keep comment snapshots for (days)")).toHaveValue("2555");
  await expect(form.getByLabel("First response within (minutes)")).toHaveValue("120");
});
