import { expect, test, type Browser, type Page } from "@playwright/test";
import { USERS, signIn } from "./helpers";

// Issue 16, the content calendar in a real browser: a consultant's post, approved with a time by the
// compliance officer (so SCHEDULED), is dragged to another day on the hospital's calendar; after a
// reload it is on the new day, and the post page shows the new time, still scheduled. A move to a day
// already past is refused: the calendar says why and the post stays where it was.

const ORG = "st-brigid-hospital";
const ZONE = "America/Chicago"; // the demo hospital's time zone (prisma/seed.ts)
const SCAN_TIMEOUT = 60_000;
const stamp = Date.now();

/** Today's date in the hospital's zone, and date arithmetic on "YYYY-MM-DD". */
const todayInZone = () => new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** "Dec 10, 2026", as the post page writes a date (dateStyle medium). */
const mediumDate = (date: string) => new Intl.DateTimeFormat("en-US", { timeZone: "UTC", dateStyle: "medium" }).format(new Date(`${date}T12:00:00Z`));

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

test("a scheduled post dragged to another day keeps its time and approval; a move into the past is refused and undone", async ({ browser }) => {
  test.setTimeout(240_000);
  const title = `Calendar move ${stamp}`;
  const day = addDays(todayInZone(), 2);
  const consultant = await signedInPage(browser, USERS.consultant);
  const officer = await signedInPage(browser, USERS.officer);

  // The consultant writes a post for 10:00 on `day` (the hospital's time) and submits it; the worker's scan brings it to review.
  await consultant.goto(`/orgs/${ORG}/posts/new`);
  await consultant.getByLabel("Working title (internal)").fill(title);
  await consultant.getByLabel("Post text").fill(`Our lobby café now opens at 7am on weekdays. See you there! (${stamp})`);
  await consultant.getByRole("group", { name: "Channels" }).getByLabel("Facebook").check();
  await consultant.getByLabel("Scheduled time (optional)").fill(`${day}T10:00`);
  await consultant.getByRole("button", { name: "Submit for review" }).click();
  await expect(consultant).toHaveURL(new RegExp(`/orgs/${ORG}/posts/[0-9a-f-]{36}$`));
  const postPath = new URL(consultant.url()).pathname;
  const postId = postPath.split("/").pop()!;
  await expect(consultant.getByTestId("post-state").first()).toHaveText("In review", { timeout: SCAN_TIMEOUT });

  // The officer approves: with its time set, the post is scheduled.
  await officer.goto(postPath);
  await officer.getByRole("form", { name: "Review decision" }).getByRole("button", { name: "Approve", exact: true }).click();
  await expect(officer.getByTestId("post-state").first()).toHaveText("Scheduled");

  // On the calendar (month view, reached from the org menu) the post is on its day, as scheduled, at 10:00.
  await consultant.goto(`/orgs/${ORG}`);
  await consultant.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Calendar" }).click();
  await expect(consultant.getByRole("heading", { name: "Content calendar" })).toBeVisible();
  await consultant.goto(`/orgs/${ORG}/calendar?month=${day.slice(0, 7)}`);
  const cell = (date: string) => consultant.locator(`[data-testid="calendar-day"][data-date="${date}"]`);
  const entryIn = (date: string) => cell(date).locator(`[data-testid="calendar-entry"][data-post-id="${postId}"]`);
  await expect(entryIn(day)).toContainText("Scheduled");
  await expect(entryIn(day).getByTestId("calendar-entry-time")).toHaveText(/^10:00\sAM C[SD]T$/);
  await expect(consultant.getByTestId("calendar-legend")).toContainText("In review");

  // Drag it to the next day (or the day before, when the next is outside this month's grid).
  const target = (await cell(addDays(day, 1)).count()) ? addDays(day, 1) : addDays(day, -1);
  await entryIn(day).dragTo(cell(target));
  await expect(consultant.getByTestId("calendar-message")).toContainText(`Moved “${title}”`);
  await consultant.reload();
  await expect(entryIn(target)).toBeVisible();
  await expect(entryIn(target).getByTestId("calendar-entry-time")).toHaveText(/^10:00\sAM C[SD]T$/);
  await expect(entryIn(day)).toHaveCount(0);

  // The post page: the new time, and still scheduled (a time change keeps the approval).
  await consultant.goto(postPath);
  await expect(consultant.getByTestId("post-state").first()).toHaveText("Scheduled");
  await expect(consultant.getByText(new RegExp(`scheduled ${mediumDate(target)}, 10:00\\sAM C[SD]T`))).toBeVisible();

  // A move to yesterday, with the "Move to…" field of the post's card (the way without dragging): refused, said why, put back.
  await consultant.goto(`/orgs/${ORG}/calendar?month=${target.slice(0, 7)}`);
  await entryIn(target).getByTestId("calendar-entry-title").click();
  await entryIn(target).getByLabel("Move to…").fill(addDays(todayInZone(), -1));
  await entryIn(target).getByRole("button", { name: "Move" }).click();
  const refusal = consultant.getByRole("alert").filter({ hasText: "was not moved" });
  await expect(refusal).toContainText(`“${title}” was not moved and stays on`);
  await expect(refusal).toContainText("Pick a time at least 5 minutes from now");
  await expect(entryIn(target)).toBeVisible();

  // And by dragging it onto a day already past, when this month's grid shows one.
  const past = await consultant.locator('[data-testid="calendar-day"]').evaluateAll((cells, today) => cells.map((c) => c.getAttribute("data-date")!).filter((d) => d < today).at(-1) ?? null, todayInZone());
  if (past) {
    await consultant.reload();
    await entryIn(target).dragTo(cell(past));
    await expect(consultant.getByRole("alert").filter({ hasText: "was not moved" })).toContainText("Pick a time at least 5 minutes from now");
    await expect(entryIn(target)).toBeVisible();
    await expect(entryIn(past)).toHaveCount(0);
  } else {
    test.info().annotations.push({ type: "note", description: `no day before today in the grid of ${target.slice(0, 7)}: the refused drag was not tried` });
  }
  await consultant.reload();
  await expect(entryIn(target)).toBeVisible();

  // The view toggles to a week; the cross-client calendar shows the post with the hospital's name.
  await consultant.getByRole("group", { name: "View" }).getByRole("link", { name: "Week" }).click();
  await expect(consultant.getByTestId("calendar-period")).toHaveText(/^Week \d+:/);
  await consultant.goto(`/calendar?month=${target.slice(0, 7)}`);
  await expect(entryIn(target).getByTestId("calendar-entry-org")).toHaveText("St. Brigid Regional Hospital");
});
