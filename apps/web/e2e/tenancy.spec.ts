import { expect, test } from "@playwright/test";
import { USERS, signIn } from "./helpers";

test("a consultant sees only their client orgs, switches between them, and gets not-found elsewhere", async ({ page }) => {
  await signIn(page, USERS.consultant);
  // A consultant lands on the agency overview; the org list is in the header's org switcher and at /orgs.
  await expect(page).toHaveURL(/\/overview$/);
  await page.goto("/orgs");
  await expect(page.getByRole("heading", { name: "Your organizations" })).toBeVisible();
  await expect(page.getByRole("link", { name: /St\. Brigid Regional Hospital/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /Brightsmile Family Dental/ })).toBeVisible();
  await expect(page.getByText("Maple Grove Senior Living")).toHaveCount(0);

  await page.getByRole("link", { name: /St\. Brigid Regional Hospital/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "St. Brigid Regional Hospital" })).toBeVisible();
  const hospitalMembers = await page.getByTestId("member-count").innerText();

  // Switch with the searchable switcher.
  await page.getByRole("button", { name: "St. Brigid Regional Hospital" }).click();
  await page.getByLabel("Search organizations").fill("bright");
  await expect(page.getByRole("option")).toHaveCount(1);
  await page.getByRole("option").getByRole("link", { name: "Brightsmile Family Dental" }).click();
  await expect(page).toHaveURL(/\/orgs\/brightsmile-dental$/);
  await expect(page.getByRole("heading", { level: 1, name: "Brightsmile Family Dental" })).toBeVisible();

  // Each org shows its own members only.
  await page.getByRole("link", { name: "Members", exact: true }).click();
  await expect(page.getByRole("cell", { name: "Sam Staff" })).toHaveCount(0);
  await page.goto("/orgs/st-brigid-hospital/members");
  await expect(page.getByRole("cell", { name: "Sam Staff" })).toBeVisible();
  expect(Number(hospitalMembers)).toBeGreaterThan(0);

  // Another org's URL, and its API, answer not-found: the same as an org that does not exist.
  const page404 = await page.goto("/orgs/maple-grove-senior-living");
  expect(page404?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  const api = await page.request.get("/api/orgs/maple-grove-senior-living/members");
  expect(api.status()).toBe(404);
  const missing = await page.request.get("/api/orgs/no-such-org/members");
  expect(missing.status()).toBe(404);
  expect(await api.json()).toEqual(await missing.json());
});
