import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { USERS, signIn } from "./helpers";

// Issue 11, item 7, in a real browser with the real worker: a compliance officer labels PHI the
// scanner missed by selecting it in the post's text, undoes a label, and downloads the org's labels
// as JSONL in the evaluation corpus's schema.

const ORG = "st-brigid-hospital";
const SCAN_TIMEOUT = 60_000;
// A room number and a nickname the rules have no reason to know; whatever the scanner finds here,
// the officer labels "Bear" by hand.
const TEXT = "Big thanks to Bear from room twelve for the lovely drawing he left at the nurses station.";

async function as(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await signIn(page, email);
  return page;
}

/** Selects `length` characters from `start` the way a keyboard user does (the panel's hint says Shift+arrows). */
async function selectWithKeyboard(page: Page, area: Locator, start: number, length: number) {
  await area.click();
  await page.keyboard.press("Control+Home");
  for (let i = 0; i < start; i++) await page.keyboard.press("ArrowRight");
  for (let i = 0; i < length; i++) await page.keyboard.press("Shift+ArrowRight");
}

test("an officer labels missed PHI, undoes a label and exports the labels", async ({ browser }) => {
  test.setTimeout(180_000);
  const consultant = await as(browser, USERS.consultant);
  await consultant.goto(`/orgs/${ORG}/posts/new`);
  await consultant.getByLabel("Working title (internal)").fill(`Feedback ${Date.now()}`);
  await consultant.getByLabel("Post text").fill(TEXT);
  await consultant.getByRole("group", { name: "Channels" }).getByLabel("Facebook").check();
  await consultant.getByRole("button", { name: "Submit for review" }).click();
  await expect(consultant).toHaveURL(new RegExp(`/orgs/${ORG}/posts/[0-9a-f-]{36}$`));
  await expect(consultant.getByTestId("post-state").first()).toHaveText("In review", { timeout: SCAN_TIMEOUT });
  // The author never sees the labelling panel of their own post.
  await expect(consultant.getByRole("heading", { name: "Scanner feedback" })).toHaveCount(0);
  const path = new URL(consultant.url()).pathname;

  const officer = await as(browser, USERS.officer);
  await officer.goto(path);
  const copy = officer.getByLabel("Select the PHI the scanner missed");
  const start = TEXT.indexOf("Bear");
  await selectWithKeyboard(officer, copy, start, 4);
  await expect(officer.getByTestId("feedback-selection")).toContainText("“Bear”");
  await officer.getByLabel("PHI type").selectOption("NAME");
  await officer.getByRole("button", { name: "Save missed PHI" }).click();
  const labels = officer.getByTestId("scanner-feedback");
  await expect(labels.getByRole("listitem").filter({ hasText: "“Bear”" })).toContainText(/missed name/i);

  // The same span twice is refused with the reason, beside the form.
  await selectWithKeyboard(officer, copy, start, 4);
  await officer.getByLabel("PHI type").selectOption("NAME");
  await officer.getByRole("button", { name: "Save missed PHI" }).click();
  await expect(officer.getByRole("form", { name: "Label PHI the scanner missed" })).toContainText(/already/i);

  await officer.goto(`/orgs/${ORG}/settings`);
  const download = officer.waitForEvent("download");
  await officer.getByRole("link", { name: "Download feedback (.jsonl)" }).click();
  const file = await (await download).path();
  const records = readFileSync(file!, "utf8").trim().split("\n").map((line) => JSON.parse(line) as { text: string; phi: { start: number; end: number; type: string }[]; verdict: string });
  const ours = records.find((r) => r.text === TEXT);
  expect(ours?.phi.some((s) => s.type === "NAME" && TEXT.slice(s.start, s.end) === "Bear")).toBe(true);
  expect(["block", "review", "allow"]).toContain(ours?.verdict);

  // Undo: the label is withdrawn and leaves the list.
  await officer.goto(path);
  await labels.getByRole("listitem").filter({ hasText: "“Bear”" }).getByRole("button", { name: "Undo" }).click();
  await expect(officer.getByTestId("scanner-feedback").getByRole("listitem").filter({ hasText: "“Bear”" })).toHaveCount(0);
});
