import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { USERS, signIn } from "./helpers";

// A photo of an IV bag label whose patient name the image scanner reads reliably (img-dev-26:
// "Aisha Rahman", plus a room and a drug). Blurring the name alone leaves the room and the drug
// legible: the rescan still reports them (issue 10, defect 3) and says what became of each earlier
// finding; only once all three are blurred is the scan clean.
// The dev images live beside the repository (../shared), which CI checkouts may not have.
const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const IMAGE = `${repoRoot}../shared/eval/images/img-dev-26.jpg`;
const ORG = "st-brigid-hospital";
// Image scans include OCR (and the worker's first image-scanner start-up).
const SCAN_TIMEOUT = 120_000;

test("a consultant blurs the PHI in a photo box by box, each rescan keeps what is still legible, the officer approves", async ({ browser }) => {
  test.skip(!existsSync(IMAGE), `dev image not found at ${IMAGE} (../shared/eval/images is absent in this checkout)`);
  test.setTimeout(600_000);
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

  // One click blurs a box: a redacted copy replaces the image and the post is rescanned.
  const blur = async (text: string, revision: number) => {
    await image.getByRole("listitem").filter({ hasText: text }).getByRole("button", { name: "Redact (blur)" }).click();
    await expect(consultant.getByText("Redacted. The post is being rescanned.")).toBeVisible({ timeout: 30_000 });
    await expect(consultant.getByText(`revision ${revision}`, { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(state).toHaveText("In review", { timeout: SCAN_TIMEOUT });
  };
  const earlier = (text: string) => image.getByTestId("earlier-finding").filter({ hasText: text });

  // The name is gone; the room and the drug are still readable and still reported.
  await blur("Aisha Rahman", 2);
  await expect(earlier("Aisha Rahman")).toContainText("removed by redaction");
  await expect(earlier("Rm 3B")).toContainText("still present");
  await expect(earlier("Heparin")).toContainText("still present");
  await expect(image.getByTestId("finding-box")).toHaveCount(2);
  await expect(consultant.getByText("Nothing found in image 1.")).toHaveCount(0);
  await expect(consultant.getByText("Scan clean")).toHaveCount(0);

  await blur("Rm 3B", 3);
  await expect(earlier("Rm 3B")).toContainText("removed by redaction");
  await expect(earlier("Heparin")).toContainText("still present");
  await blur("Heparin", 4);
  await expect(earlier("Heparin")).toContainText("removed by redaction");
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
