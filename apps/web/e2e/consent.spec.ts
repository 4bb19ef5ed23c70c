import { createRequire } from "node:module";
import { expect, test, type Browser, type Page } from "@playwright/test";
import sharp from "sharp";
import { USERS, signIn } from "./helpers";

// Issue 6 end to end, with the real worker scanning the photo: staff upload a signed authorization,
// a compliance officer verifies it against the file, the consultant marks the patient in a photo
// with one face and links the consent, the officer approves (the post is scheduled), the patient's
// written revocation is recorded, the post returns to changes-requested, and the audit log says why.

const ORG = "st-brigid-hospital";
// Invented name; the photo is a crop (one face, no metadata) of a demo image that ships with
// @vladmandic/face-api, installed with the workspace.
const PATIENT = "Imogen Castellanos-Wren";
const SCAN_TIMEOUT = 120_000;

async function oneFacePhoto(): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const sample = createRequire(import.meta.url).resolve("@vladmandic/face-api/package.json").replace(/package\.json$/, "demo/sample2.jpg");
  const buffer = await sharp(sample).extract({ left: 600, top: 0, width: 700, height: 900 }).jpeg({ quality: 88 }).toBuffer();
  return { name: "graduation.jpg", mimeType: "image/jpeg", buffer };
}

/** A small but real PDF, as a scanner app would produce for a signed paper form. */
function signedFormPdf(): Buffer {
  return Buffer.from(
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n" +
      "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
    "latin1",
  );
}

async function as(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const state = (page: Page) => page.getByTestId("post-state").first();

test("a consent is uploaded, verified, linked to a one-face photo, approved, then revoked: the post goes back and the audit says why", async ({ browser }) => {
  test.setTimeout(360_000);

  // Staff upload the signed form with its 164.508(c) elements.
  const staff = await as(browser, USERS.staff);
  await staff.goto(`/orgs/${ORG}/consents/new`);
  await staff.locator('input[type="file"]').setInputFiles({ name: "scan.pdf", mimeType: "application/pdf", buffer: signedFormPdf() });
  await staff.getByLabel("Patient name (as on the form)").fill(PATIENT);
  await staff.getByLabel("Information to be disclosed").fill("Photos taken at the cardiac rehab graduation");
  await staff.getByLabel("Recipients (one per line)").fill("Vetted agency\nMeta Platforms");
  await staff.getByRole("group", { name: "Channels the form allows" }).getByLabel("Facebook").check();
  await staff.getByRole("group", { name: "Purposes the form names" }).getByLabel("Social media marketing").check();
  await staff.getByLabel("Expiration date").fill(day(365));
  await staff.getByLabel("Signed by", { exact: true }).fill(PATIENT);
  await staff.getByLabel("Date signed").fill(day(-1));
  for (const box of await staff.locator('input[name^="ack"]').all()) await box.check();
  await staff.getByRole("button", { name: "Upload consent" }).click();
  await expect(staff).toHaveURL(new RegExp(`/orgs/${ORG}/consents/[0-9a-f-]{36}`));
  const consentUrl = new URL(staff.url()).pathname;
  expect(staff.url()).not.toContain("Imogen");

  // A compliance officer opens the file and verifies the fields against it.
  const officer = await as(browser, USERS.officer);
  await officer.goto(consentUrl);
  await officer.getByRole("button", { name: "Open the signed file" }).click();
  await expect(officer.locator('iframe[title="Signed consent form"]')).toBeVisible();
  await officer.getByRole("button", { name: "Verify against the file" }).click();
  // Who verified it: "Not verified yet", on the page before the click lands, matches /verified/i too.
  await expect(officer.getByTestId("verified-by")).toContainText("Verified by");

  // The consultant posts the photo, scheduled for next week; the scan finds one face.
  const consultant = await as(browser, USERS.consultant);
  await consultant.goto(`/orgs/${ORG}/posts/new`);
  await consultant.getByLabel("Working title (internal)").fill(`Rehab graduation ${Date.now()}`);
  await consultant.getByLabel("Post text").fill("Congratulations to this spring's cardiac rehab graduates!");
  await consultant.getByRole("group", { name: "Channels" }).getByLabel("Facebook").check();
  await consultant.getByLabel("Scheduled time (optional)").fill(`${day(7)}T10:00`);
  await consultant.locator('input[type="file"]').setInputFiles(await oneFacePhoto());
  await expect(consultant.getByText("1 image uploaded")).toBeVisible({ timeout: 30_000 });
  await consultant.getByRole("button", { name: "Submit for review" }).click();
  await expect(consultant).toHaveURL(new RegExp(`/orgs/${ORG}/posts/[0-9a-f-]{36}$`));
  const postUrl = new URL(consultant.url()).pathname;
  await expect(state(consultant)).toHaveText("In review", { timeout: SCAN_TIMEOUT });
  const people = consultant.getByTestId("people-image");
  await expect(people).toContainText("1 face found");
  await expect(people.getByTestId("people-status")).toHaveText("1 not accounted for");

  // Until the patient is linked, the officer cannot approve, and is told what is missing.
  await officer.goto(postUrl);
  await expect(officer.getByTestId("consent-warning")).toBeVisible();
  await officer.getByRole("button", { name: "Approve" }).click();
  await expect(officer.getByRole("alert").filter({ hasText: "Consents are missing" })).toContainText("link 1 more consent or attest staff");

  // The consultant finds the consent by the patient's exact name and links it to the photo.
  await people.getByText("Mark a patient").click();
  await people.getByLabel("Patient's full name (as on the consent)").fill(PATIENT.toUpperCase());
  await people.getByRole("button", { name: "Find consent" }).click();
  const match = people.getByRole("list", { name: "Matching consents" }).getByRole("listitem").filter({ hasText: PATIENT });
  await expect(match).toContainText("verified");
  await match.getByLabel("Where in the image (optional)").fill("center, holding the certificate");
  await match.getByRole("button", { name: "Link consent" }).click();
  await expect(people.getByTestId("people-status")).toHaveText("Everyone shown is covered");
  await expect(people.getByTestId("people-list")).toContainText(PATIENT);
  // Linked once: the match now says so instead of offering to link it again.
  await expect(match.getByTestId("already-linked")).toHaveText("Linked to image 1");
  await expect(match.getByRole("button", { name: "Link consent" })).toHaveCount(0);

  // Now approval goes through, and the post is scheduled.
  await officer.reload();
  await expect(officer.getByTestId("consent-warning")).toHaveCount(0);
  await officer.getByRole("button", { name: "Approve" }).click();
  await expect(state(officer)).toHaveText("Scheduled");

  // The patient's written revocation arrives: the officer records it.
  await officer.goto(consentUrl);
  await officer.getByLabel("Date the written revocation was received").fill(day(0));
  await officer.getByLabel("How it was received").selectOption("LETTER");
  officer.once("dialog", (d) => void d.accept());
  await officer.getByRole("button", { name: "Record revocation" }).click();
  await expect(officer.getByRole("main")).toContainText(/revoked/i);

  // The scheduled post is back with its author, approvals voided.
  await consultant.goto(postUrl);
  await expect(state(consultant)).toHaveText("Changes requested");
  await expect(consultant.getByTestId("approvals")).toContainText("voided: consent withdrawn");
  await expect(people.getByTestId("people-list")).toContainText("Does not count: it is revoked");

  // The audit log says why, without the patient's name.
  await officer.goto(`/orgs/${ORG}/audit?action=post.consent_withdrawn`);
  const row = officer.getByTestId("audit-row").filter({ hasText: postUrl.split("/").pop()!.slice(0, 8) });
  await expect(row).toContainText("post.consent_withdrawn");
  await expect(row).toContainText('"reason":"REVOKED"');
  await expect(row).toContainText('"from":"SCHEDULED"');
  await expect(officer.getByRole("main")).not.toContainText(PATIENT);
});
