import { defineConfig, devices } from "@playwright/test";

// e2e runs the production build against its own database, recreated and seeded by global-setup.
const PORT = 3100;
export const E2E_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/vetted_e2e";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
];

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e-results.json" }]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    // Debian's chromium by default (no browser download needed); CHROMIUM_PATH=bundled uses Playwright's own.
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH === "bundled" ? undefined : (process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"),
      args: CHROMIUM_ARGS,
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: `npx next start -p ${PORT}`,
    url: `http://localhost:${PORT}/signin`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      DATABASE_URL: E2E_DATABASE_URL,
      REDIS_URL: "redis://127.0.0.1:6379/2",
      AUTH_SECRET: "e2e-only-secret-0123456789abcdefghijklmnop",
      APP_URL: `http://localhost:${PORT}`,
      SMTP_URL: "",
      DEV_OUTBOX: "true",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
