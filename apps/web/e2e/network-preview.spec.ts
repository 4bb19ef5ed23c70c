import { expect, test } from "@playwright/test";
import { USERS, signIn } from "./helpers";

// Issue 16 in a real browser: the composer counts each network's characters as X does (links as 23)
// and keeps "Submit for review" off, saying why, while the text breaks X's 280; and on a 1440×900
// screen the review page shows the findings, the network preview, the people shown, the revision
// history and the decision panel without scrolling.

const ORG = "st-brigid-hospital";
const SCAN_TIMEOUT = 60_000;
// An MRN: found by the exact recognizers, so the findings list is never empty.
const PHI_TEXT = "Get well soon to our patient with MRN 00457812, recovering on ward 4 after surgery.";

test("the composer counts X's 280 as X does and keeps submit off, with the reason, while the text is over", async ({ page }) => {
  await signIn(page, USERS.consultant);
  await page.goto(`/orgs/${ORG}/posts/new`);
  await page.getByLabel("Working title (internal)").fill(`X limit ${Date.now()}`);
  await page.getByRole("group", { name: "Channels" }).getByLabel("X", { exact: true }).check();
  const counter = page.locator('[data-testid="network-counter"][data-channel="X"]');
  const submit = page.getByRole("button", { name: "Submit for review" });
  const reason = page.getByTestId("submit-blocked-reason");

  // A long link counts 23 on X: 250 + 1 + 23 = 274, under the limit although the text has 372 characters.
  await page.getByLabel("Post text").fill(`${"a".repeat(250)} https://example.org/${"p".repeat(100)}`);
  await expect(counter).toHaveText("X 274/280");
  await expect(counter).toHaveAttribute("data-over", "false");
  await expect(submit).toBeEnabled();
  await expect(reason).toHaveCount(0);

  await page.getByLabel("Post text").fill("b".repeat(300));
  await expect(counter).toHaveAttribute("data-over", "true");
  await expect(counter).toContainText("X 300/280");
  await expect(counter).toHaveClass(/text-red-700/);
  await expect(submit).toBeDisabled();
  await expect(reason).toContainText("X allows 280 characters; this post has 300");
  await expect(submit).toHaveAccessibleDescription(/X allows 280 characters; this post has 300/);
  // A draft may still be saved over the limit.
  await expect(page.getByRole("button", { name: "Save draft" })).toBeEnabled();

  // The preview's X tab says the same and shows the text as X would.
  const preview = page.getByTestId("network-preview");
  await preview.getByRole("tab", { name: /^X/ }).click();
  await expect(preview.getByRole("tab", { name: /^X/ })).toHaveAttribute("aria-selected", "true");
  await expect(preview.getByTestId("preview-count")).toContainText("300 / 280");
  await expect(preview.getByTestId("preview-problems")).toContainText("X allows 280 characters; this post has 300");

  // Back under the limit, submit is on again.
  await page.getByLabel("Post text").fill("b".repeat(280));
  await expect(counter).toHaveAttribute("data-over", "false");
  await expect(submit).toBeEnabled();
  await expect(reason).toHaveCount(0);
});

test("on a 1440×900 screen the review page shows findings, preview, people, history and the decision at once", async ({ browser }) => {
  test.setTimeout(180_000);
  const title = `Review layout ${Date.now()}`;
  const consultant = await (await browser.newContext()).newPage();
  await signIn(consultant, USERS.consultant);
  await consultant.goto(`/orgs/${ORG}/posts/new`);
  await consultant.getByLabel("Working title (internal)").fill(title);
  await consultant.getByLabel("Post text").fill(PHI_TEXT);
  await consultant.getByRole("group", { name: "Channels" }).getByLabel("X", { exact: true }).check();
  await consultant.getByRole("button", { name: "Submit for review" }).click();
  await expect(consultant).toHaveURL(new RegExp(`/orgs/${ORG}/posts/[0-9a-f-]{36}$`));
  const postUrl = new URL(consultant.url()).pathname;
  await expect(consultant.getByTestId("post-state").first()).toHaveText("In review", { timeout: SCAN_TIMEOUT });

  const officer = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await signIn(officer, USERS.officer);
  await officer.goto(`${postUrl}?from=review`);
  await expect(officer.getByTestId("post-state").first()).toHaveText("In review");

  await expect(officer.getByTestId("findings-panel")).toBeInViewport();
  await expect(officer.getByTestId("finding").first()).toBeInViewport();
  const preview = officer.getByTestId("network-preview");
  await expect(preview).toBeInViewport();
  await expect(preview.getByRole("tab", { name: "Facebook" })).toBeInViewport();
  await expect(preview.getByTestId("preview-text").first()).toBeInViewport();
  await expect(officer.getByRole("heading", { name: "Who is shown" })).toBeInViewport();
  await expect(officer.getByRole("heading", { name: "Revision history" })).toBeInViewport();
  await expect(officer.getByRole("form", { name: "Review decision" })).toBeInViewport();
  // Nothing above was reached by scrolling the page.
  expect(await officer.evaluate(() => window.scrollY)).toBe(0);
});
