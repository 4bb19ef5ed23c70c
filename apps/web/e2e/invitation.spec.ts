import { expect, test } from "@playwright/test";
import { USERS, invitationLinkFor, signIn } from "./helpers";

test("an admin invites a user who accepts through the emailed link and signs in", async ({ page }) => {
  const email = `new-hire-${Date.now()}@vetted.test`;
  await signIn(page, USERS.admin);
  await page.goto("/orgs/maple-grove-senior-living/members");
  const invite = page.getByRole("form", { name: "Invite a member" });
  await invite.getByLabel("Email").fill(email);
  await invite.getByLabel("Role").selectOption("COMPLIANCE_OFFICER");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toContainText("Invitation sent");
  await expect(page.getByText(`${email} · Compliance officer`)).toBeVisible();

  const link = await invitationLinkFor(email);

  await page.goto("/orgs");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto(link!);
  await expect(page.getByRole("heading", { name: "Join Maple Grove Senior Living" })).toBeVisible();
  await page.getByLabel("Your name").fill("Nia Newhire");
  await page.getByLabel("Choose a password").fill("a-long-enough-password");
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page.getByText("Invitation accepted")).toBeVisible();

  // The link is single-use.
  await page.goto(link!);
  await expect(page.getByText("already used")).toBeVisible();

  // A compliance officer lands on the review queue; the org is one click away.
  await signIn(page, email, "a-long-enough-password");
  await expect(page).toHaveURL(/\/review$/);
  await page.goto("/orgs");
  await expect(page.getByRole("link", { name: /Maple Grove Senior Living/ })).toBeVisible();
  await page.getByRole("link", { name: /Maple Grove Senior Living/ }).click();
  await page.getByRole("link", { name: "Audit log", exact: true }).click();
  await expect(page.getByTestId("audit-row").filter({ hasText: "invitation.accepted" })).toHaveCount(1);
});
