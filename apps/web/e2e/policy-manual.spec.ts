import { expect, test, type Browser, type Page } from "@playwright/test";
import { USERS, mailsTo, signIn } from "./helpers";

// Issue 13, the social media policy manual end to end, in an organization of its own (made here, so
// no other spec's settings, roster or versions count): an admin edits the first draft and submits
// it, the compliance officer approves it (the author may not) → a workforce person imported from a
// CSV acknowledges through the emailed single-use link (quiz failed once, then passed, then signed)
// → coverage shows 1 of 3 → a change to the moderation settings proposes version 2 → approving it
// leaves that person pending for version 2 and mails them a new link.

const stamp = Date.now();
const ORG_NAME = `Policy Clinic ${stamp}`;
const SLUG = `policy-clinic-${stamp}`;
const PERSON = { name: `Rosa Roster ${stamp}`, email: `rosa-roster-${stamp}@example.test` };
const SANCTIONS_TEXT = `Breaking this policy leads to retraining, then written warnings (e2e ${stamp}).`;
const QUIZ = { prompt: `May you confirm in a reply that someone is our patient? (${stamp})`, wrong: "Yes, if they asked first", right: "No, never in public" };

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

/** The acknowledgement mails to this address, newest first, read from the e2e database (no outbox page in production). */
async function ackMails(email: string) {
  return mailsTo(email).map((r) => ({ subject: r.subject, link: r.text.match(/http:\/\/localhost:\d+\/ack\/[A-Za-z0-9_-]+/)?.[0] ?? null }));
}

/** Submits the open version from its page (the admin) and returns its id. */
async function submitVersion(admin: Page, number: number): Promise<string> {
  await admin.goto(`/orgs/${SLUG}/policy`);
  await admin.getByTestId("policy-open").getByRole("link", { name: `Version ${number}` }).click();
  await expect(admin.getByTestId("policy-version-status")).toHaveText("Draft");
  const versionId = admin.url().split("/").pop()!;
  admin.once("dialog", (d) => void d.accept());
  await admin.getByRole("button", { name: "Submit for review" }).click();
  await expect(admin.getByRole("form", { name: "Submit for review" })).toHaveCount(0);
  await expect(admin.getByTestId("policy-version-status")).toHaveText("In review");
  return versionId;
}

/** The compliance officer approves it, effective now. */
async function approveVersion(officer: Page, versionId: string) {
  await officer.goto(`/orgs/${SLUG}/policy/versions/${versionId}`);
  await expect(officer.getByTestId("policy-version-status")).toHaveText("In review");
  const approve = officer.getByRole("form", { name: "Approve" });
  officer.once("dialog", (d) => void d.accept());
  await approve.getByRole("button", { name: "Approve version" }).click();
  await expect(officer.getByTestId("policy-version-status")).toHaveText("Approved");
  await expect(officer.getByTestId("policy-version-hash")).toHaveText(/^[0-9a-f]{64}$/);
  await expect(officer.getByTestId("policy-approved-by")).toContainText("Olivia Officer");
}

test("a policy version is approved, acknowledged through the emailed link, and a settings change asks for it again", async ({ browser }) => {
  test.setTimeout(180_000);
  const admin = await signedInPage(browser, USERS.admin);
  const officer = await signedInPage(browser, USERS.officer);

  // A client organization of its own, with the demo compliance officer in it.
  await admin.goto("/agency");
  const create = admin.getByRole("form", { name: "Create a client organization" });
  await create.getByLabel("Name", { exact: true }).fill(ORG_NAME);
  await create.getByLabel("URL name").fill(SLUG);
  // The demo users have no second factor: this org does not require one (issue 15; on by default).
  await create.getByLabel("Require two-factor sign-in for admins and compliance officers").uncheck();
  await create.getByRole("button", { name: "Create organization" }).click();
  await expect(create.getByText("Organization created")).toBeVisible();
  const assign = admin.getByRole("form", { name: "Assign a person to an organization" });
  await assign.getByLabel("Person", { exact: true }).selectOption({ label: "Olivia Officer (officer@vetted.test)" });
  await assign.getByLabel("Organization", { exact: true }).selectOption({ label: ORG_NAME });
  await assign.getByLabel("Role", { exact: true }).selectOption("COMPLIANCE_OFFICER");
  await assign.getByRole("button", { name: "Assign" }).click();
  await expect(assign.getByText("Member assigned")).toBeVisible();

  // The admin opens the manual (its first draft is generated from the settings) and edits a section.
  await admin.goto(`/orgs/${SLUG}/policy`);
  await expect(admin.getByRole("heading", { name: "Social media policy" })).toBeVisible();
  await admin.getByTestId("policy-open").getByRole("link", { name: "Version 1" }).click();
  const editor = admin.getByRole("form", { name: "Edit draft" });
  await editor.getByTestId("edit-section-sanctions").getByLabel("Text", { exact: true }).fill(SANCTIONS_TEXT);
  await editor.getByLabel("Summary of the changes").fill("Our sanctions, in our words.");
  await editor.getByRole("button", { name: "Save draft" }).click();
  await expect(editor.getByText("Draft saved")).toBeVisible();

  // A one-question quiz, and a workforce member without a Vetted account from a roster CSV.
  await admin.goto(`/orgs/${SLUG}/policy/quiz`);
  const question = admin.getByRole("form", { name: "Add a question" });
  await question.getByLabel("Question", { exact: true }).fill(QUIZ.prompt);
  await question.getByLabel("Answer 1", { exact: true }).fill(QUIZ.wrong);
  await question.getByLabel("Answer 2", { exact: true }).fill(QUIZ.right);
  await question.getByLabel("Answer 2 is correct").check();
  await question.getByRole("button", { name: "Add question" }).click();
  await expect(question.getByText("Question saved")).toBeVisible();
  await expect(admin.getByTestId("quiz-question").filter({ hasText: QUIZ.prompt })).toHaveCount(1);

  await admin.goto(`/orgs/${SLUG}/policy/roster`);
  const upload = admin.getByRole("form", { name: "Upload a roster CSV" });
  await upload.getByLabel("Roster CSV", { exact: true }).setInputFiles({
    name: "roster.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`name,email,department,role\n${PERSON.name},${PERSON.email},Nursing,Nurse\n`),
  });
  await upload.getByRole("button", { name: "Preview" }).click();
  await expect(admin.getByTestId("roster-preview")).toContainText("1 row: 1 new");
  await admin.getByRole("button", { name: "Import 1 people" }).click();
  await expect(admin.getByText(/Imported: 1 added/)).toBeVisible();
  await expect(admin.getByTestId("roster-person").filter({ hasText: PERSON.email })).toHaveCount(1);

  // The admin submits; the author may not approve, the compliance officer does.
  const v1 = await submitVersion(admin, 1);
  await approveVersion(officer, v1);
  await expect(officer.getByTestId("policy-sections")).toContainText(SANCTIONS_TEXT);

  // The approval mailed the person a single-use link: the quiz is failed once, then passed, then signed.
  await expect.poll(async () => (await ackMails(PERSON.email)).length).toBe(1);
  const [first] = await ackMails(PERSON.email);
  expect(first!.subject).toBe(`Please read and sign ${ORG_NAME}'s social media policy`);
  const firstLink = first!.link;
  expect(firstLink).toBeTruthy();
  const staff = await (await browser.newContext()).newPage();
  await staff.goto(firstLink!);
  await expect(staff.getByRole("heading", { name: `${ORG_NAME}: social media policy` })).toBeVisible();
  await expect(staff.getByRole("main")).toContainText(SANCTIONS_TEXT);
  const quiz = staff.getByRole("form", { name: "Policy quiz" });
  await quiz.getByRole("radio", { name: QUIZ.wrong }).check();
  await quiz.getByRole("button", { name: "Check my answers" }).click();
  await expect(quiz.getByRole("status")).toContainText("0% correct (1 wrong)");
  await quiz.getByRole("radio", { name: QUIZ.right }).check();
  await quiz.getByRole("button", { name: "Check my answers" }).click();
  const sign = staff.getByRole("form", { name: "Sign the policy" });
  await expect(sign.getByRole("status")).toHaveText("Quiz passed (100%).");
  await sign.getByLabel("I read the social media policy, I understood it, and I will follow it.").check();
  await sign.getByLabel("Your full name").fill(PERSON.name);
  await sign.getByRole("button", { name: "Sign", exact: true }).click();
  await expect(staff.getByRole("heading", { name: "Thank you, it is signed" })).toBeVisible();
  // Single use: the same link now only says it was signed.
  await staff.goto(firstLink!);
  await expect(staff.getByRole("heading", { name: "Already signed" })).toBeVisible();

  // Coverage: the admin and the officer (members, in-app) are pending, the person has acknowledged.
  await admin.goto(`/orgs/${SLUG}/policy/coverage`);
  await expect(admin.getByText(/Version 1, in effect since .*: 1 of 3 acknowledged\./)).toBeVisible();
  const personRow = admin.getByTestId("coverage-people").getByRole("row").filter({ hasText: PERSON.name });
  await expect(personRow).toContainText("Acknowledged");
  await expect(personRow).toContainText("(link)");
  await expect(personRow).toContainText("2 attempts, last 100%");

  // A settings change that alters a generated section proposes version 2, authored by the admin.
  await admin.goto(`/orgs/${SLUG}/settings`);
  const settings = admin.getByRole("form", { name: "Organization settings" });
  await settings.getByLabel("First response within (minutes)").fill("90");
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(settings.getByText(/^Saved at/)).toBeVisible();
  await admin.goto(`/orgs/${SLUG}/policy`);
  await expect(admin.getByTestId("policy-open")).toContainText("proposed after a change to: Comment moderation settings");
  const v2 = await submitVersion(admin, 2);
  await approveVersion(officer, v2);
  await expect(officer.getByTestId("section-monitoring")).toContainText("within 90 minutes");

  // The acknowledgement of version 1 is outdated: version 2 is pending, and a new link was mailed.
  await admin.goto(`/orgs/${SLUG}/policy/coverage`);
  await expect(admin.getByText(/Version 2, in effect since .*: 0 of 3 acknowledged\./)).toBeVisible();
  await expect(personRow).toContainText("Pending");
  await expect(personRow).not.toContainText("Acknowledged");
  await expect.poll(async () => (await ackMails(PERSON.email)).length).toBe(2);
  const [second] = await ackMails(PERSON.email);
  expect(second!.subject).toBe(`Please read and sign ${ORG_NAME}'s social media policy`);
  const secondLink = second!.link;
  expect(secondLink).toBeTruthy();
  expect(secondLink).not.toBe(firstLink);
  await staff.goto(secondLink!);
  await expect(staff.getByText(/^Version 2, in effect from/)).toBeVisible();
  await expect(staff.getByRole("main")).toContainText("within 90 minutes");
  await expect(staff.getByRole("form", { name: "Policy quiz" })).toBeVisible();
});
