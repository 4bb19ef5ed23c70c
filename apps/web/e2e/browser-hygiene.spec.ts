import { expect, test, type Page } from "@playwright/test";
import { USERS, signIn, sql } from "./helpers";

// What a new user's browser console showed on every page: a hydration error on the sign-in page
// after a session ended, and a 404 for a resource the page asked for.

function watch(page: Page) {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text().slice(0, 200)}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message.slice(0, 200)}`));
  page.on("response", (r) => {
    if (r.status() === 404 && r.request().resourceType() !== "document") problems.push(`404: ${new URL(r.url()).pathname}`);
  });
  return problems;
}

test("the sign-in page after a session ended, and the main pages, load without console errors or missing resources", async ({ page }) => {
  const problems = watch(page);
  await page.goto("/signin?reason=ended");
  await expect(page.getByText("Your session has ended")).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(problems).toEqual([]);

  await signIn(page, USERS.consultant);
  for (const path of ["/overview", "/orgs", "/orgs/st-brigid-hospital", "/orgs/st-brigid-hospital/posts", "/orgs/st-brigid-hospital/consents"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  expect(problems).toEqual([]);
  // The register flags the seeded consent that ends in 12 days; the org cards count the work waiting.
  await expect(page.getByTestId("expires-soon").first()).toHaveText("within 30 days");
  await page.goto("/orgs");
  await expect(page.getByTestId("org-counts").first()).toContainText("waiting for review");
});

test("notifications about one post are one line with its title, and reading the post clears them", async ({ page }) => {
  const title = `Garden party recap ${Date.now()}`;
  await signIn(page, USERS.consultant);
  const created = await page.request.post("/api/orgs/st-brigid-hospital/posts", {
    data: { title, text: "Thanks to everyone who came to the spring garden party!", channels: ["FACEBOOK"] },
  });
  expect(created.status()).toBe(201);
  const { post } = (await created.json()) as { post: { id: string; orgId: string } };
  await page.getByRole("button", { name: "Sign out" }).click();

  const [officer] = await sql<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [USERS.officer]);
  await sql(`UPDATE "Notification" SET "readAt" = now() WHERE "userId" = $1 AND "readAt" IS NULL`, [officer!.id]);
  for (let i = 0; i < 6; i++) {
    await sql(`INSERT INTO "Notification" (id, "orgId", "userId", "postId", kind) VALUES (gen_random_uuid(), $1, $2, $3, 'ready_for_review')`, [post.orgId, officer!.id, post.id]);
  }
  await signIn(page, USERS.officer);
  // A compliance officer starts the day on the review queue.
  await expect(page).toHaveURL(/\/review$/);
  await expect(page.getByRole("heading", { name: "Review queue" })).toBeVisible();
  await expect(page.getByTestId("unread-count")).toHaveText("6");
  await page.getByRole("button", { name: /Notifications/ }).click();
  // Read notifications about other posts may be listed too: this post's are one line.
  const items = page.getByRole("link", { name: /A post is waiting for your review/ }).filter({ hasText: title });
  await expect(items).toHaveCount(1);
  await expect(items).toContainText("×6");
  await items.click();
  await expect(page).toHaveURL(new RegExp(`/posts/${post.id}$`));
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.getByTestId("unread-count")).toHaveCount(0);
});

test("an unknown or malformed post id is a 404 page, not a server error", async ({ page }) => {
  await signIn(page, USERS.consultant);
  for (const id of ["6f1e2d3c-4b5a-4987-8a6b-5c4d3e2f1a0b", "not-a-uuid"]) {
    const response = await page.goto(`/orgs/st-brigid-hospital/posts/${id}`);
    expect(response?.status(), id).toBe(404);
    await expect(page.getByRole("heading", { name: /not found|doesn.t exist|no such/i })).toBeVisible();
  }
});
