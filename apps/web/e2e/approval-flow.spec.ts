import { expect, test, type Page } from "@playwright/test";
import { USERS, signIn } from "./helpers";

// The whole review loop of issue 5 in a real browser, with the real worker scanning: a consultant's
// post naming a patient with a procedure is flagged, sent back, fixed and approved, and every step
// lands in the audit log.

const ORG = "st-brigid-hospital";
const PHI_TEXT = "So proud of Marisol Ortega, back on her feet three weeks after her hip replacement!";
const CLEAN_TEXT = "So proud of everyone who joined our open house on Saturday!";
// The first scan includes the worker's cold start.
const SCAN_TIMEOUT = 60_000;

async function waitForState(page: Page, label: string) {
  await expect(page.getByTestId("post-state").first()).toHaveText(label, { timeout: SCAN_TIMEOUT });
}

test("consultant drafts, officer requests changes, consultant fixes, officer approves — all audited", async ({ browser }) => {
  test.setTimeout(240_000);
  const title = `Hip replacement story ${Date.now()}`;
  const consultant = await (await browser.newContext()).newPage();
  const officer = await (await browser.newContext()).newPage();

  await signIn(consultant, USERS.consultant);
  await consultant.goto(`/orgs/${ORG}/posts/new`);
  await consultant.getByLabel("Working title (internal)").fill(title);
  await consultant.getByLabel("Post text").fill(PHI_TEXT);
  // The in-browser hint marks the patient's name while typing.
  const hint = consultant.getByTestId("scan-hint");
  await expect(hint).toContainText("Hint");
  await expect(hint).toContainText("the scan of the submitted post decides");
  await expect(hint.locator('mark[data-finding-type="NAME"]')).toContainText("Marisol Ortega");
  await consultant.getByRole("button", { name: "Submit for review" }).click();
  await expect(consultant).toHaveURL(new RegExp(`/orgs/${ORG}/posts/[0-9a-f-]{36}$`));
  const postUrl = new URL(consultant.url()).pathname;
  const postId = postUrl.split("/").pop()!;
  expect(postUrl).not.toContain("Marisol");

  // The worker's scan brings it to review; the server's findings are highlighted in place.
  await waitForState(consultant, "In review");
  await expect(consultant.getByTestId("post-text").locator('mark[data-finding-type="NAME"]')).toContainText("Marisol Ortega");
  await expect(consultant.getByTestId("post-text").locator('mark[data-blocking="true"]').first()).toBeVisible();

  // The officer finds it in the review queue and requests changes.
  await signIn(officer, USERS.officer);
  await officer.getByRole("link", { name: "Review", exact: true }).click();
  await expect(officer.getByRole("heading", { name: "Review queue" })).toBeVisible();
  await officer.getByTestId("queue-item").filter({ hasText: title }).getByRole("link", { name: title }).click();
  await expect(officer.getByTestId("shortcut-help")).toBeVisible();
  await expect(officer.getByLabel("Override justification")).toBeVisible();
  await officer.getByLabel("Comment for the author").fill("Please leave out the patient's name and the procedure.");
  await officer.getByRole("button", { name: "Request changes" }).click();
  await waitForState(officer, "Changes requested");

  // The consultant sees the comment, fixes the text and resubmits.
  await consultant.reload();
  await waitForState(consultant, "Changes requested");
  await expect(consultant.getByTestId("approvals")).toContainText("Please leave out the patient's name");
  // "Fix it" puts the caret on the flagged span in the editor.
  await consultant.getByTestId("finding").filter({ hasText: "Marisol Ortega" }).getByRole("button", { name: "Fix it" }).click();
  const editor = consultant.getByLabel("Post text");
  await expect(editor).toBeFocused();
  expect(await editor.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd))).toBe("Marisol Ortega");
  await editor.fill(CLEAN_TEXT);
  await consultant.getByRole("button", { name: "Submit for review" }).click();
  await waitForState(consultant, "In review");
  await expect(consultant.getByTestId("post-text")).toHaveText(CLEAN_TEXT);
  await expect(consultant.getByTestId("revision-diff")).toContainText("open house");

  // The officer approves the clean revision with the keyboard shortcut.
  await officer.goto(`${postUrl}?from=review`);
  await waitForState(officer, "In review");
  await expect(officer.getByLabel("Override justification")).toHaveCount(0);
  await officer.locator("body").click({ position: { x: 5, y: 5 } });
  await officer.keyboard.press("a");
  await waitForState(officer, "Approved");

  // Each step is in the audit log, for this post.
  for (const action of ["post.created", "post.submitted", "post.request_changes", "post.edited", "post.approve"]) {
    await officer.goto(`/orgs/${ORG}/audit?action=${action}`);
    await expect(officer.getByTestId("audit-row").filter({ hasText: `Post ${postId.slice(0, 8)}` }).first(), action).toBeVisible();
  }
  await expect(officer.getByTestId("audit-row").filter({ hasText: `Post ${postId.slice(0, 8)}` })).toHaveCount(1);
});
