import { expect, test } from "@playwright/test";
import { USERS, signIn } from "./helpers";

test("a compliance officer filters the audit log, verifies the chain and exports CSV", async ({ page }) => {
  await signIn(page, USERS.officer);
  await page.goto("/orgs/brightsmile-dental/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.getByTestId("audit-row").first()).toBeVisible();

  await page.getByLabel("Action").selectOption("auth.signed_in");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=auth.signed_in/);
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toContainText("auth.signed_in");
  for (const text of await rows.allInnerTexts()) expect(text).toContain("auth.signed_in");
  // In words, with the raw record behind an expander.
  await expect(rows.first()).toContainText("Olivia Officer signed in");
  await rows.first().getByText("Raw record").click();
  await expect(rows.first().locator("pre")).toContainText('"actorId"');

  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByText(/Chain intact: all \d+ events verified/)).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^audit-brightsmile-dental-\d{4}-\d{2}-\d{2}\.csv$/);

  // A bad date range is explained, not a crash.
  await page.goto("/orgs/brightsmile-dental/audit?from=2026-02-30");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("from");
});

test("staff cannot open the audit log", async ({ page }) => {
  await signIn(page, USERS.staff);
  await page.goto("/orgs/st-brigid-hospital/audit");
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  const api = await page.request.get("/api/orgs/st-brigid-hospital/audit");
  expect(api.status()).toBe(403);
});
