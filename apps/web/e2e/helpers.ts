import { expect, type Page } from "@playwright/test";
import pg from "pg";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { E2E_OWNER_DATABASE_URL, SHARED_ENV } from "../playwright.config";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

export const DEMO_PASSWORD = "Vetted-demo-2026!";
export const USERS = {
  admin: "admin@vetted.test",
  consultant: "consultant@vetted.test",
  officer: "officer@vetted.test",
  staff: "staff@vetted.test",
} as const;

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/(overview|orgs|review)/);
}

/** Direct SQL for test set-up only (making a throwaway user); assertions go through the UI. */
export async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: E2E_OWNER_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * The mails to this address, newest first, read from the e2e database: the outbox page is agency-admin
 * only, masks tokens and does not exist in production, where e2e runs. The rows are sealed with the
 * run's consent keys, so a small script of the domain decrypts them (scripts/e2e-mails-to.ts).
 */
export function mailsTo(email: string): { subject: string; text: string }[] {
  const out = execFileSync("npx", ["tsx", "scripts/e2e-mails-to.ts", email], { cwd: ROOT, env: { ...process.env, ...SHARED_ENV }, stdio: ["ignore", "pipe", "inherit"] });
  return JSON.parse(out.toString("utf8")) as { subject: string; text: string }[];
}

/** The invitation link of the newest mail to this address. */
export async function invitationLinkFor(email: string): Promise<string> {
  const link = mailsTo(email)[0]?.text.match(/http:\/\/localhost:\d+\/invite\/[A-Za-z0-9_-]+/)?.[0];
  if (!link) throw new Error("No invitation link in the newest mail to that address");
  return link;
}

/** A user who belongs to the hospital, with the demo password, for tests that must not disturb demo users. */
export async function makeHospitalUser(label: string) {
  const [hash] = await sql<{ passwordHash: string }>(`SELECT "passwordHash" FROM "User" WHERE email = $1`, [USERS.staff]);
  const email = `${label}-${Date.now()}@vetted.test`;
  const [user] = await sql<{ id: string }>(
    `INSERT INTO "User" (id, email, name, "passwordHash") VALUES (gen_random_uuid(), $1, $2, $3) RETURNING id`,
    [email, `E2E ${label}`, hash!.passwordHash],
  );
  await sql(
    `INSERT INTO "Membership" (id, "orgId", "userId", role) SELECT gen_random_uuid(), id, $1, 'STAFF' FROM "Organization" WHERE slug = 'st-brigid-hospital'`,
    [user!.id],
  );
  return email;
}
