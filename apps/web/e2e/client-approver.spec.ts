import { expect, test, type Browser, type Page } from "@playwright/test";
import { USERS, mailsTo, signIn, sql } from "./helpers";

// Issue 16, the client approver end to end, in an organization of its own (so no other spec's
// approval policy changes): the admin adds a client approver and a second policy step "the client
// approver"; a consultant's post is approved by the compliance officer (step 1), which mails the
// client a link; signed out, the client opens it, enters the mailed code, sees the post and
// approves (step 2) → the post is approved. The used link is refused; an expired one too.

const stamp = Date.now();
const ORG_NAME = `Client Clinic ${stamp}`;
const SLUG = `client-clinic-${stamp}`;
const CLIENT = { name: `Dana Client ${stamp}`, email: `dana-client-${stamp}@client.example` };
// The first scan includes the worker's cold start.
const SCAN_TIMEOUT = 60_000;

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

/** The newest approval link and the newest code mailed to the client (read from the e2e database, as production has no outbox page). */
function newestLink(): string | null {
  return mailsTo(CLIENT.email).map((m) => m.text.match(/http:\/\/localhost:\d+\/approve\/[A-Za-z0-9_-]{43}/)?.[0]).find((l) => !!l) ?? null;
}
function newestCode(): string | null {
  return mailsTo(CLIENT.email).map((m) => m.text.match(/^Your code is (\d{6})/)?.[1]).find((c) => !!c) ?? null;
}

/** The consultant writes and submits a post; it returns once the worker's scan has put it in review. */
async function submitPost(consultant: Page, title: string): Promise<string> {
  await consultant.goto(`/orgs/${SLUG}/posts/new`);
  await consultant.getByLabel("Working title (internal)").fill(title);
  await consultant.getByLabel("Post text").fill(`Our lobby café now opens at 7am on weekdays. See you there! (${stamp})`);
  await consultant.getByRole("group", { name: "Channels" }).getByLabel("Facebook").check();
  await consultant.getByRole("button", { name: "Submit for review" }).click();
  await expect(consultant).toHaveURL(new RegExp(`/orgs/${SLUG}/posts/[0-9a-f-]{36}$`));
  await expect(consultant.getByTestId("post-state").first()).toHaveText("In review", { timeout: SCAN_TIMEOUT });
  return new URL(consultant.url()).pathname;
}

/** The compliance officer approves step 1: the post waits for the client, who is mailed a link. */
async function officerApproves(officer: Page, postPath: string) {
  const before = newestLink();
  await officer.goto(postPath);
  await expect(officer.getByTestId("post-state").first()).toHaveText("In review");
  await officer.getByRole("form", { name: "Review decision" }).getByRole("button", { name: "Approve", exact: true }).click();
  // The page re-renders without the decision form (step 2 is not the officer's): the card says who is next.
  await expect(officer.getByTestId("client-approval")).toContainText("Step 2 waits for the client approver");
  await expect(officer.getByRole("form", { name: "Review decision" })).toHaveCount(0);
  await officer.reload();
  await expect(officer.getByTestId("client-links")).toContainText(`${CLIENT.name}: waiting`);
  await expect.poll(() => newestLink()).not.toBe(before);
  return newestLink()!;
}

test("a client approver approves a post through the emailed link and code; a used or expired link is refused", async ({ browser }) => {
  test.setTimeout(240_000);
  const admin = await signedInPage(browser, USERS.admin);

  // A client organization of its own, with the demo consultant and compliance officer in it.
  await admin.goto("/agency");
  const create = admin.getByRole("form", { name: "Create a client organization" });
  await create.getByLabel("Name", { exact: true }).fill(ORG_NAME);
  await create.getByLabel("URL name").fill(SLUG);
  await create.getByLabel("Require two-factor sign-in for admins and compliance officers").uncheck();
  await create.getByRole("button", { name: "Create organization" }).click();
  await expect(create.getByText("Organization created")).toBeVisible();
  const assign = admin.getByRole("form", { name: "Assign a person to an organization" });
  for (const [label, role] of [["Olivia Officer (officer@vetted.test)", "COMPLIANCE_OFFICER"], ["Casey Consultant (consultant@vetted.test)", "CONSULTANT"]] as const) {
    await assign.getByLabel("Person", { exact: true }).selectOption({ label });
    await assign.getByLabel("Organization", { exact: true }).selectOption({ label: ORG_NAME });
    await assign.getByLabel("Role", { exact: true }).selectOption(role);
    await assign.getByRole("button", { name: "Assign" }).click();
    await expect(assign.getByText("Member assigned")).toBeVisible();
  }

  // The admin adds the client approver, then a second policy step: the client approver.
  await admin.goto(`/orgs/${SLUG}/settings`);
  const add = admin.getByRole("form", { name: "Add a client approver" });
  await add.getByLabel("Name", { exact: true }).fill(CLIENT.name);
  await add.getByLabel("Email", { exact: true }).fill(CLIENT.email);
  await add.getByRole("button", { name: "Add client approver" }).click();
  await expect(add.getByText("Client approver added")).toBeVisible();
  await expect(admin.getByTestId("client-approvers")).toContainText(CLIENT.name);
  await admin.reload();
  const policy = admin.getByRole("form", { name: "Approval policy" });
  await policy.getByRole("button", { name: "Add a step" }).click();
  await policy.getByRole("radiogroup", { name: "Step 2 needs" }).getByLabel("The client approver").check();
  await policy.getByLabel(CLIENT.name).check();
  await policy.getByRole("button", { name: "Save approval policy" }).click();
  await expect(policy.getByRole("status")).toContainText("Approval policy saved: 2 steps");

  const consultant = await signedInPage(browser, USERS.consultant);
  const officer = await signedInPage(browser, USERS.officer);
  const title = `Café hours ${stamp}`;
  const postPath = await submitPost(consultant, title);
  const link = await officerApproves(officer, postPath);

  // The client, signed out, on a phone-sized screen: the code first, nothing of the post before it.
  const clientContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const client = await clientContext.newPage();
  const opened = await client.goto(link);
  expect(opened?.status()).toBe(200);
  expect(opened?.headers()["referrer-policy"]).toBe("no-referrer");
  await expect(client.getByRole("heading", { name: `${ORG_NAME} asks for your approval` })).toBeVisible();
  await expect(client.getByText(/We sent a code to d•••@client\.example/)).toBeVisible();
  await expect(client.getByText("Our lobby café")).toHaveCount(0);
  await expect.poll(() => newestCode()).not.toBeNull();
  const code = newestCode()!;
  const codeForm = client.getByRole("form", { name: "Confirm the code" });
  await codeForm.getByLabel("Code from the email").fill(code === "000000" ? "111111" : "000000");
  await codeForm.getByRole("button", { name: "Confirm" }).click();
  await expect(codeForm.getByRole("alert")).toContainText("4 attempts left");
  await codeForm.getByLabel("Code from the email").fill(code);
  await codeForm.getByRole("button", { name: "Confirm" }).click();
  await expect(client.getByRole("heading", { name: `${ORG_NAME}: a post waiting for your approval` })).toBeVisible();
  await expect(client.getByTestId("client-post-text")).toContainText("Our lobby café now opens at 7am");
  await client.getByRole("form", { name: "Your decision" }).getByRole("button", { name: "Approve" }).click();
  await expect(client.getByRole("heading", { name: "Thank you: you approved the post" })).toBeVisible();

  // The post is approved, in the client approver's name; the decision is in the audit log.
  await consultant.reload();
  await expect(consultant.getByTestId("post-state").first()).toHaveText("Approved");
  await expect(consultant.getByTestId("approvals")).toContainText(`${CLIENT.name} (client approver): approve`);
  await officer.goto(`/orgs/${SLUG}/audit?action=client_approval.decided`);
  await expect(officer.getByTestId("audit-row").filter({ hasText: `${CLIENT.name} (client approver)` }).first()).toBeVisible();

  // The link works once.
  await client.goto(link);
  await expect(client.getByRole("heading", { name: "This link was already used" })).toBeVisible();

  // An expired link: a second post's link, moved 73 hours into the past.
  const secondPath = await submitPost(consultant, `Parking ${stamp}`);
  const second = await officerApproves(officer, secondPath);
  const postId = secondPath.split("/").pop()!;
  await sql(`UPDATE "ClientApprovalLink" SET "createdAt" = now() - interval '73 hours', "expiresAt" = now() - interval '1 hour' WHERE "postId" = $1`, [postId]);
  await client.goto(second);
  await expect(client.getByRole("heading", { name: "This link has expired" })).toBeVisible();
  await expect(client.getByText("Our lobby café")).toHaveCount(0);
  await clientContext.close();
});
