import { expect, test, type Locator, type Page } from "@playwright/test";
import { USERS, signIn, sql } from "./helpers";
import { addScannedRevision, expectedFor, percent, window, type Expected } from "./overview-expected";

// Issue 16, the agency overview: the demo consultant lands on it after signing in, and every figure
// shown for each client equals what the e2e database holds, computed by overview-expected.ts with SQL
// of its own (the demo seed grows; nothing here is hard-coded). The admin, whose role covers incidents
// and the policy coverage, sees those too. A chart's table carries the chart's figures.

const HOSPITAL = "st-brigid-hospital";

interface Org {
  id: string;
  slug: string;
  name: string;
}

const orgsOf = (email: string) =>
  sql<Org>(`SELECT o.id, o.slug, o.name FROM "Membership" m JOIN "Organization" o ON o.id = m."orgId" JOIN "User" u ON u.id = m."userId" WHERE u.email = $1`, [email]);

const text = async (row: Locator, testId: string) => (await row.getByTestId(testId).innerText()).trim();

/** The figures a client row shows, as text. */
async function shown(row: Locator) {
  return {
    waiting: await text(row, "metric-waiting"),
    overdue: await text(row, "metric-overdue"),
    blockedRate: await text(row, "metric-blocked-rate"),
    blockedDetail: await text(row, "metric-blocked-rate-detail"),
    hidden: await text(row, "metric-comments-hidden"),
    breaches: await text(row, "metric-sla-breaches"),
    consents: await text(row, "metric-consents-expiring"),
    incidents: await text(row, "metric-incidents-open"),
    coverage: await text(row, "metric-coverage"),
  };
}

const NOT_IN_ROLE = "Not in your role";

function expectedShown(e: Expected, role: "consultant" | "admin") {
  const coverage = e.coverage.version === null || e.coverage.people === 0 ? "—" : `${Math.floor((100 * e.coverage.acknowledged) / e.coverage.people)}%`;
  return {
    waiting: String(e.waiting), overdue: String(e.overdue), blockedRate: percent(e.blocked, e.scanned), blockedDetail: `${e.blocked} of ${e.scanned} scanned`,
    hidden: String(e.hidden), breaches: String(e.breaches), consents: String(e.consents),
    incidents: role === "admin" ? String(e.incidents) : NOT_IN_ROLE,
    coverage: role === "admin" ? coverage : NOT_IN_ROLE,
  };
}

/** The attention score as documented (attention-score.ts), from the expected figures the role covers. */
function expectedScore(e: Expected, role: "consultant" | "admin") {
  const base = 3 * e.overdue + 3 * e.breaches + e.consents;
  if (role === "consultant") return base;
  const pct = e.coverage.version === null || e.coverage.people === 0 ? null : Math.floor((100 * e.coverage.acknowledged) / e.coverage.people);
  return base + 5 * e.incidents + (pct === null || pct >= 90 ? 0 : Math.ceil((90 - pct) / 10));
}

/** Reloads until the page and the database agree (the worker may hide a comment or finish a scan meanwhile). */
async function expectRowsMatch(page: Page, email: string, role: "consultant" | "admin") {
  const orgs = await orgsOf(email);
  await expect(async () => {
    await page.reload();
    const rows = page.getByTestId("client-row");
    await expect(rows).toHaveCount(orgs.length);
    const scores: number[] = [];
    for (const org of orgs) {
      const e = await expectedFor(org.id);
      const row = page.locator(`[data-testid="client-row"][data-org="${org.slug}"]`);
      expect(await shown(row), org.slug).toEqual(expectedShown(e, role));
      expect(Number(await text(row, "attention-score")), `${org.slug} attention score`).toBe(expectedScore(e, role));
    }
    // Rows come most attention first.
    for (const slug of await rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-org")!))) {
      scores.push(Number(await text(page.locator(`[data-testid="client-row"][data-org="${slug}"]`), "attention-score")));
    }
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  }).toPass({ timeout: 45_000, intervals: [1_000, 2_000, 5_000] });
}

// A scan of today in the demo hospital, so the charts have something to draw whatever the seed holds.
test.beforeAll(() => addScannedRevision(HOSPITAL, USERS.consultant));

test("the consultant lands on the agency overview, and each client's figures are the database's", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, USERS.consultant);
  await expect(page).toHaveURL(/\/overview$/);
  await expect(page.getByRole("heading", { level: 1, name: "Agency overview" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Overview", exact: true })).toBeVisible();
  await expectRowsMatch(page, USERS.consultant, "consultant");
  // The consultant is no member of the third client: it is not on the page at all.
  await expect(page.getByText("Maple Grove Senior Living", { exact: true })).toHaveCount(0);
});

test("a chart says what it shows and has a table with the same figures", async ({ page }) => {
  await signIn(page, USERS.consultant);
  const [hospital] = (await orgsOf(USERS.consultant)).filter((o) => o.slug === HOSPITAL);
  const row = page.locator(`[data-testid="client-row"][data-org="${HOSPITAL}"]`);
  const findings = row.getByTestId("findings-chart");
  const trend = row.getByTestId("blocked-rate-chart");

  // Each chart is an image with a one-sentence label; its table is in the page for screen readers before
  // it is shown, and "Show as table" shows it.
  await expect(findings.getByRole("img")).toHaveAttribute("aria-label", new RegExp(`^Findings of ${hospital!.name.replace(/\./g, "\\.")} by type over the last 12 weeks: `));
  await expect(trend.getByRole("img")).toHaveAttribute("aria-label", /^Blocked rate of St\. Brigid Regional Hospital by week over the last 12 weeks: /);
  await expect(trend.getByRole("img").locator("svg").first()).toBeVisible();
  const table = findings.getByTestId("findings-chart-table");
  await expect(table.getByRole("table")).toBeAttached();
  await expect(table).toHaveClass(/sr-only/);
  await findings.getByRole("button", { name: "Show as table" }).click();
  await expect(table).not.toHaveClass(/sr-only/);
  await expect(table.getByRole("table")).toBeVisible();
  await expect(findings.getByRole("button", { name: "Hide table" })).toHaveAttribute("aria-expanded", "true");

  // The tables hold the database's figures (reloaded until both agree, should the worker finish a scan meanwhile).
  await expect(async () => {
    await page.reload();
    const e = await expectedFor(hospital!.id);
    expect(e.findings).toMatchObject({ NAME: expect.any(Number), HEALTH: expect.any(Number) });
    const types = await table.getByTestId("finding-row").evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-type")!, Number(r.querySelector("td")!.textContent)]));
    expect(Object.fromEntries(types)).toEqual(e.findings);
    const weeks = await trend.getByTestId("trend-row").evaluateAll((rows) =>
      rows.map((r) => ({ start: r.getAttribute("data-week")!, cells: [...r.querySelectorAll("td")].map((td) => td.textContent!.trim()) })),
    );
    expect(weeks.map((w) => w.start)).toEqual(window().weeks);
    expect(weeks.map((w) => w.cells)).toEqual(e.trend.map((w) => [String(w.scanned), String(w.blocked), percent(w.blocked, w.scanned)]));
  }).toPass({ timeout: 45_000, intervals: [1_000, 2_000, 5_000] });
});

test("the admin sees every client, incidents and policy coverage included", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, USERS.admin);
  await expect(page).toHaveURL(/\/overview$/);
  await expectRowsMatch(page, USERS.admin, "admin");
});
