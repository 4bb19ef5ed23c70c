import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { USERS, signIn } from "./helpers";

// A photo of an IV bag label whose patient name the image scanner reads reliably (img-dev-26:
// "Aisha Rahman", plus a room and a drug). Blurring the name box alone makes the rescan clean.
// The dev images live beside the repository (../shared), which CI checkouts may not have.
const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const IMAGE = `${repoRoot}../shared/eval/images/img-dev-26.jpg`;
const ORG = "st-brigid-hospital";
// Image scans include OCR (and the worker's first image-scanner start-up).
const SCAN_TIMEOUT = 120_000;

test("a consultant blurs a patient's name in a photo, the rescan is clean, the officer approves", async ({ browser }) => {
  test.skip(!existsSync(IMAGE), `dev image not found at ${IMAGE} (../shared/eval/images is absent in this checkout)`);
  test.setTimeout(360_000);
  const title = `IV label photo ${Date.now()}`;
  const consultant = await (await browser.newContext()).newPage();
  await signIn(consultant, USERS.consultant);
  await consultant.goto(`/orgs/${ORG}/posts/new`);
  await consultant.getByLabel("Working title (internal)").fill(title);
  await consultant.getByLabel("Post text").fill("A look behind the scenes at our pharmacy team's careful labelling.");
  await consultant.locator('input[type="file"]').setInputFiles(IMAGE);
  await expect(consultant.getByText("1 image uploaded")).toBeVisible({ timeout: 30_000 });
  await expect(consultant.getByRole("img", { name: "Image 1 of the post" })).toBeVisible();
  await consultant.getByRole("button", { name: "Submit for review" }).click();
  await expect(consultant).toHaveURL(new RegExp(`/orgs/${ORG}/posts/[0-9a-f-]{36}$`));
  const postUrl = new URL(consultant.url()).pathname;

  // The scan finds the name on the label and draws its box over the photo.
  const state = consultant.getByTestId("post-state").first();
  await expect(state).toHaveText("In review", { timeout: SCAN_TIMEOUT });
  const image = consultant.getByTestId("post-image");
  await expect(image.getByTestId("finding-box").first()).toBeVisible();
  await expect(image).toContainText("Aisha Rahman");

  // One click blurs it: a redacted copy replaces the original and the post is rescanned.
  await image.getByRole("listitem").filter({ hasText: "Aisha Rahman" }).getByRole("button", { name: "Redact (blur)" }).click();
  await expect(consultant.getByText("Redacted. The post is being rescanned.")).toBeVisible({ timeout: 30_000 });
  await expect(state).toHaveText("In review", { timeout: SCAN_TIMEOUT });
  await expect(consultant.getByText("Scan clean")).toBeVisible();
  await expect(image.getByTestId("finding-box")).toHaveCount(0);
  await expect(consultant.getByText("Nothing found in image 1.")).toBeVisible();

  // Clean: the officer approves without an override.
  const officer = await (await browser.newContext()).newPage();
  await signIn(officer, USERS.officer);
  await officer.goto(postUrl);
  await expect(officer.getByTestId("post-state").first()).toHaveText("In review");
  await expect(officer.getByLabel("Override justification")).toHaveCount(0);
  await officer.getByRole("button", { name: "Approve" }).click();
  await expect(officer.getByTestId("post-state").first()).toHaveText("Approved");
});
