import { deflateSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { USERS, signIn, sql } from "./helpers";

// Issue 10, defects 2 and 4, in a real browser. A slow upload kept "Submit for review" enabled and
// the post went out without its image; and while a scan ran the post page said "found nothing" and
// "Everyone shown is covered".

const ORG = "st-brigid-hospital";
const SCAN_TIMEOUT = 120_000;
const UPLOAD_DELAY_MS = 5_000;

/** A plain 96×96 PNG made here (no fixture file): nothing in it for the scanner to find. */
function plainPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const size = 96;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, 0x5a)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", pixels), chunk("IEND", Buffer.alloc(0))]);
}
const image = () => ({ name: "garden.png", mimeType: "image/png", buffer: plainPng() });

test("submit waits for a slow image upload, shows its progress and thumbnail, and the post keeps the image", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, USERS.consultant);
  // Hold every upload for a few seconds, as a slow connection would.
  await page.route(`**/api/orgs/${ORG}/media`, async (route) => {
    if (route.request().method() === "POST") await new Promise((resolve) => setTimeout(resolve, UPLOAD_DELAY_MS));
    await route.continue();
  });
  await page.goto(`/orgs/${ORG}/posts/new`);
  await page.getByLabel("Working title (internal)").fill(`Garden photo ${Date.now()}`);
  await page.getByLabel("Post text").fill("Our new healing garden is open to everyone.");
  await page.locator('input[type="file"]').setInputFiles(image());

  const submit = page.getByRole("button", { name: "Submit for review" });
  await expect(page.getByRole("progressbar", { name: "Uploading image 1" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Image 1 of the post" })).toBeVisible();
  await expect(submit).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save draft" })).toBeDisabled();
  await expect(page.getByTestId("upload-wait")).toContainText("Waiting for 1 image");

  await expect(page.getByText("1 image uploaded")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("progressbar")).toHaveCount(0);
  await expect(submit).toBeEnabled();
  await submit.click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${ORG}/posts/[0-9a-f-]{36}$`));
  await expect(page.getByTestId("post-state").first()).toHaveText("In review", { timeout: SCAN_TIMEOUT });
  await expect(page.getByTestId("post-image")).toHaveCount(1);
  await expect(page.getByRole("img", { name: "Image 1 of the post" }).first()).toBeVisible();
});

test("while the scan runs, the post page says scanning and never 'nothing found' or 'covered'", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, USERS.consultant);
  await page.goto(`/orgs/${ORG}/posts/new`);
  await page.getByLabel("Working title (internal)").fill(`Scanning placeholder ${Date.now()}`);
  await page.getByLabel("Post text").fill("Our new healing garden is open to everyone.");
  await page.locator('input[type="file"]').setInputFiles(image());
  await expect(page.getByText("1 image uploaded")).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${ORG}/posts/[0-9a-f-]{36}\\?saved=1$`));
  const postId = new URL(page.url()).pathname.split("/").pop()!;

  // Set-up only: a post held in SCANNING with no scan job, so no worker finishes it under the test.
  await sql(`UPDATE "Post" SET state = 'SCANNING' WHERE id = $1`, [postId]);
  await page.goto(`/orgs/${ORG}/posts/${postId}`);
  await expect(page.getByTestId("post-state").first()).toHaveText("Scanning");
  await expect(page.getByTestId("scan-status")).toContainText("Scanning revision 1");
  await expect(page.getByTestId("findings-pending")).toContainText("Scanning");
  await expect(page.getByTestId("image-scanning")).toBeVisible();
  await expect(page.getByTestId("image-scan-pending")).toContainText("Scanning image 1");
  await expect(page.getByTestId("people-status")).toContainText("Scanning");
  await expect(page.getByText(/found nothing|Nothing found/)).toHaveCount(0);
  await expect(page.getByText("Everyone shown is covered")).toHaveCount(0);
  await expect(page.getByText(/Findings \(0\)/)).toHaveCount(0);

  // A failed scan says so instead of reading as clean.
  await sql(`UPDATE "Post" SET state = 'SCAN_FAILED' WHERE id = $1`, [postId]);
  await page.goto(`/orgs/${ORG}/posts/${postId}`);
  await expect(page.getByTestId("findings-pending")).toContainText("The scan failed");
  await expect(page.getByTestId("image-scan-pending")).toContainText("Scan failed");
  await expect(page.getByText(/found nothing|Nothing found/)).toHaveCount(0);
  await expect(page.getByText("Everyone shown is covered")).toHaveCount(0);
});
