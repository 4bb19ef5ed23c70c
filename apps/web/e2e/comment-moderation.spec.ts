import { expect, test, type Page } from "@playwright/test";
import { SIMULATOR_URL } from "../playwright.config";
import { USERS, signIn } from "./helpers";

// Issue 12, the scenario of "Tests and figures", end to end: the platform simulator posts comments
// under a published post of the demo hospital; the webhook, the worker and the outbox run for real.
// A PHI comment is hidden and in the inbox within 5 s; a templated private reply reaches the
// simulator exactly once; a public reply that confirms a patient is refused with the reason; a
// clean comment stays visible and a neutral public reply is posted under it. Seed (prisma/seed-accounts.ts): the hospital's connected Page
// 200000000000001 and its published post 200000000000001_900001.

const ORG = "st-brigid-hospital";
const SIM = process.env.SIMULATOR_URL ?? SIMULATOR_URL;
const PAGE_ID = "200000000000001";
const POST_ID = `${PAGE_ID}_900001`;
// Our own sentences: a relative's diagnosis with a full name (the scanner blocks it), and a question.
const PHI_COMMENT = "Please pray for my brother Cornelius Abernathy, he starts chemotherapy for his leukemia here tomorrow";
const CLEAN_COMMENT = "What time does the open house start on Saturday? Is parking free?";
const NEUTRAL_REPLY = "Great question! The open house starts at 10 am and parking is free in the main garage.";
const CONFIRMING_REPLY = "So glad your knee surgery went well, Cornelius! Hope you are back on your feet soon.";

interface SimComment { id: string; isHidden: boolean; deleted: boolean; privateReplies: number }
interface SimCall { type: string; commentId?: string; ok: boolean; text?: string }

async function sim<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${SIM}${path}`, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`simulator ${path}: ${res.status}`);
  return (await res.json()) as T;
}
const postComment = async (message: string, name: string) => (await sim<{ commentId: string }>("/_sim/comments", { pageId: PAGE_ID, postId: POST_ID, message, from: { name } })).commentId;
const simComment = (id: string) => sim<SimComment>(`/_sim/comments/${id}`);
const simCalls = async (id: string, type?: string) => (await sim<{ data: SimCall[] }>(`/_sim/calls?commentId=${encodeURIComponent(id)}${type ? `&type=${type}` : ""}`)).data;

/** The inbox row of a platform comment (rows carry the platform's id, never the text). */
const row = (page: Page, externalId: string) => page.locator(`[data-testid="inbox-item"][data-external-id="${externalId}"]`);

test("a PHI comment is hidden at once, answered privately from a template; a confirming public reply is refused", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, USERS.officer);

  // A reply template, written by the compliance officer.
  const templateName = `Call us ${Date.now()}`;
  const templateBody = "We can't discuss anyone's care here. Please call our patient line at 555-0100 and we will help.";
  await page.goto(`/orgs/${ORG}/inbox/templates`);
  const newTemplate = page.getByRole("form", { name: "New template" });
  await newTemplate.getByLabel("Name").fill(templateName);
  await newTemplate.getByLabel("Reply").fill(templateBody);
  await newTemplate.getByRole("button", { name: "Add template" }).click();
  await expect(page.getByText("Template saved")).toBeVisible();

  // The simulator posts a PHI comment: within 5 s it is hidden on the platform and in the inbox.
  const started = Date.now();
  const phiId = await postComment(PHI_COMMENT, "Dana Commenter");
  await expect.poll(async () => (await simComment(phiId)).isHidden, { timeout: 5_000, intervals: [100, 200] }).toBe(true);
  await expect(async () => {
    await page.goto(`/orgs/${ORG}/inbox?tab=hidden`);
    await expect(row(page, phiId)).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: Math.max(500, 5_000 - (Date.now() - started)), intervals: [100] });
  expect(Date.now() - started).toBeLessThanOrEqual(5_000);
  expect((await simCalls(phiId, "hide")).filter((c) => c.ok)).toHaveLength(1);
  // The list shows types, never the words.
  await expect(row(page, phiId)).not.toContainText("Cornelius");
  await expect(row(page, phiId).getByTestId("reply-countdown")).toBeVisible();
  // Keyboard: j moves down the list (k back up), from the top.
  await page.keyboard.press("j");
  await expect(page.locator("[data-inbox-link]").first()).toBeFocused();

  // The detail shows the text with the PHI marked, and the 7-day countdown.
  await row(page, phiId).getByRole("link").click();
  await expect(page.getByTestId("comment-text")).toContainText("chemotherapy");
  await expect(page.getByTestId("comment-text").locator("mark[data-finding-type]")).not.toHaveCount(0);
  await expect(page.getByTestId("reply-countdown")).toContainText(/6 d|7 d/);
  // Hidden for PHI: no public reply under it, only a private one.
  await expect(page.getByTestId("public-reply-private-only")).toBeVisible();

  // The templated private reply: the template fills the text; the simulator receives exactly one.
  await expect(page.getByLabel("Template")).toHaveValue(/.+/);
  await page.getByLabel("Template").selectOption({ label: templateName });
  await expect(page.getByLabel("Message (sent privately to the commenter)")).toHaveValue(templateBody);
  await page.getByRole("button", { name: "Send private reply" }).click();
  // The page re-renders with the reply's state in place of the form.
  await expect(page.getByText(/A private reply was (sent|queued)/)).toBeVisible();
  await expect.poll(async () => (await simCalls(phiId, "private_reply")).filter((c) => c.ok).length, { timeout: 15_000 }).toBe(1);
  await page.reload();
  await expect(page.getByText(/A private reply was (sent|queued)/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Send private reply" })).toHaveCount(0);
  // Still exactly one a moment later (no retry sent a second).
  await page.waitForTimeout(2_000);
  const replies = await simCalls(phiId, "private_reply");
  expect(replies.filter((c) => c.ok)).toHaveLength(1);
  expect(replies[0]!.text).toBe(templateBody);
  expect((await simComment(phiId)).privateReplies).toBe(1);

  // Say the commenter was a staff member posting from a personal account: "Posted by our staff" opens
  // the breach incident with one button (the name typed: no account here), linked both ways.
  const commentPath = new URL(page.url()).pathname;
  await page.getByLabel("Or their name").fill("Pat Weekend-Nurse");
  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("open-comment-incident").click();
  await expect(page.getByTestId("comment-incident")).toBeVisible();
  await page.getByTestId("comment-incident").getByRole("link").click();
  await expect(page.getByTestId("incident-employee")).toHaveText("Pat Weekend-Nurse (not a member here)");
  await expect(page.getByTestId("incident-deadline")).toBeVisible();
  await page.getByTestId("incident-source-comment").click();
  await expect(page).toHaveURL(new RegExp(`${commentPath}$`));
  await expect(page.getByTestId("comment-incident")).toBeVisible();

  // A clean comment stays visible, waits in "New", and a public reply confirming a patient is refused.
  const cleanId = await postComment(CLEAN_COMMENT, "Sam Visitor");
  await expect(async () => {
    await page.goto(`/orgs/${ORG}/inbox?tab=new`);
    await expect(row(page, cleanId)).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 10_000, intervals: [200] });
  expect(await simComment(cleanId)).toMatchObject({ isHidden: false, deleted: false });
  expect(await simCalls(cleanId, "hide")).toEqual([]);

  await row(page, cleanId).getByRole("link").click();
  await expect(page.getByTestId("comment-text")).toContainText("open house");
  await page.getByLabel("Reply (shown publicly under the comment)").fill(CONFIRMING_REPLY);
  await page.getByRole("button", { name: "Check and send public reply" }).click();
  const refusal = page.getByTestId("public-reply-refusal");
  await expect(refusal).toContainText("Refused");
  await expect(refusal).toContainText(/patient|health/);
  await expect(page.getByTestId("comment-actions-log")).toHaveCount(0);
  expect(await simComment(cleanId)).toMatchObject({ isHidden: false, deleted: false });

  // A neutral answer passes the check and is posted under the comment, once.
  await page.getByLabel("Reply (shown publicly under the comment)").fill(NEUTRAL_REPLY);
  await page.getByRole("button", { name: "Check and send public reply" }).click();
  await expect(page.getByText("Public reply checked and queued")).toBeVisible();
  await expect.poll(async () => (await simCalls(cleanId, "public_reply")).filter((c) => c.ok).map((c) => c.text), { timeout: 15_000 }).toEqual([NEUTRAL_REPLY]);
  expect(await simComment(cleanId)).toMatchObject({ isHidden: false, deleted: false });
});
