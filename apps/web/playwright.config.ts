import { defineConfig, devices } from "@playwright/test";

// e2e runs the production build against its own database, recreated and seeded by global-setup.
const PORT = 3100;
// The owner migrates and seeds (global-setup, helpers' set-up SQL); the app runs as vetted_app.
export const E2E_OWNER_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/vetted_e2e";
export const E2E_DATABASE_URL = "postgresql://vetted_app@127.0.0.1:5432/vetted_e2e";
const WORKER_HEALTH_PORT = 3199;
/** The Meta platform simulator of the e2e run (apps/simulator): its own port, so a dev simulator on 4010 is never used. */
export const SIMULATOR_PORT = 4110;
export const SIMULATOR_URL = `http://127.0.0.1:${SIMULATOR_PORT}`;
/** The web server's access log for this run (query parameter names only, never values): zz-access-log.spec.ts reads it. */
/** The web server's Auth.js secret here: auth.spec.ts makes a session token past its lifetime with it. */
export const E2E_AUTH_SECRET = "e2e-only-secret-0123456789abcdefghijklmnop";
export const ACCESS_LOG_PATH = "../../var/e2e-access.log";
export const SHARED_ENV = {
  DATABASE_URL: E2E_DATABASE_URL,
  MIGRATION_DATABASE_URL: E2E_OWNER_DATABASE_URL,
  REDIS_URL: "redis://127.0.0.1:6379/3",
  APP_URL: `http://localhost:${PORT}`,
  SMTP_URL: "",
  // Relative to the repository root (see packages/config); web and worker must see the same files.
  MEDIA_DIR: "var/media-e2e",
  // `next start` runs with NODE_ENV=production, which requires real consent keys: these are
  // e2e-only throwaway keys (32 bytes each, base64), never used anywhere else.
  CONSENT_KEYS: `e2e1:${Buffer.alloc(32, "e2e-consent-key-not-secret").toString("base64")}`,
  CONSENT_ACTIVE_KEY_ID: "e2e1",
  CONSENT_INDEX_KEY: Buffer.alloc(32, "e2e-index-key-not-secret").toString("base64"),
  // Production also requires the audit chain's HMAC key: an e2e-only throwaway.
  AUDIT_CHAIN_KEY: `e2e1:${Buffer.alloc(32, "e2e-audit-chain-key-not-secret").toString("base64")}`,
  // A throwaway Ed25519 key (PKCS#8 DER of a fixed seed), like the other keys here: not a secret.
  AUDIT_CHECKPOINT_SIGNING_KEY: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.alloc(32, "e2e-checkpoint-key-not-secret")]).toString("base64"),
  // Meta (issue 12): production refuses the development defaults, so web, worker, seed and simulator
  // share these e2e-only values; the Graph API and the OAuth dialog are the simulator's.
  META_APP_ID: "vetted-e2e-app",
  META_APP_SECRET: "e2e-only-meta-app-secret-not-secret",
  META_VERIFY_TOKEN: "e2e-only-meta-verify-token-not-secret",
  META_GRAPH_URL: SIMULATOR_URL,
  META_OAUTH_URL: `${SIMULATOR_URL}/dialog/oauth`,
  // LinkedIn and X: the simulator's APIs (their defaults are the real ones); an e2e-only LinkedIn secret,
  // since production refuses the development one.
  LINKEDIN_API_BASE: SIMULATOR_URL,
  X_API_BASE: SIMULATOR_URL,
  LINKEDIN_CLIENT_SECRET: "e2e-only-linkedin-client-secret-not-secret",
  // Their OAuth connect flows: the simulator's consent pages and token endpoints, with e2e-only clients
  // (production refuses the development ones); the simulator reads the same values.
  LINKEDIN_CLIENT_ID: "vetted-e2e-linkedin-client",
  LINKEDIN_OAUTH_URL: `${SIMULATOR_URL}/oauth/v2/authorization`,
  LINKEDIN_AUTH_BASE: SIMULATOR_URL,
  X_OAUTH_URL: `${SIMULATOR_URL}/i/oauth2/authorize`,
  X_CLIENT_ID: "vetted-e2e-x-client",
  X_CLIENT_SECRET: "e2e-only-x-client-secret-not-secret",
  TIKTOK_API_BASE: SIMULATOR_URL,
  TIKTOK_OAUTH_URL: `${SIMULATOR_URL}/v2/auth/authorize/`,
  TIKTOK_CLIENT_ID: "vetted-e2e-tiktok-client",
  TIKTOK_CLIENT_SECRET: "e2e-only-tiktok-client-secret-not-secret",
  // The group-post intake (issue 12): production refuses the development secret; e2e-only values.
  INTAKE_DOMAIN: "intake.vetted-e2e.test",
  INTAKE_SECRET: "e2e-only-intake-secret-not-secret",
};
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
  // The web app and the worker share one database, one Redis db of their own (3, so a dev worker on
  // db 0 never takes e2e jobs) and one media folder. The worker is waited for on /healthz (liveness:
  // its health server starts once its queues are open), never /readyz: the e2e database is created by
  // global-setup, which Playwright runs only after every webServer answered.
  // The simulator plays Meta for both, with the META_* values of SHARED_ENV.
  webServer: [
    {
      command: `mkdir -p ../../var && npx next start -p ${PORT} | tee ${ACCESS_LOG_PATH}`,
      url: `http://localhost:${PORT}/signin`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
      // No DEV_OUTBOX: production refuses it; specs read mail from the e2e database (helpers.ts).
      env: { ...SHARED_ENV, AUTH_SECRET: E2E_AUTH_SECRET, NEXT_TELEMETRY_DISABLED: "1", ACCESS_LOG: "true" },
    },
    {
      // Paths are relative to this file's folder (apps/web), Playwright's working directory.
      command: "npx tsx ../../apps/worker/src/main.ts",
      url: `http://127.0.0.1:${WORKER_HEALTH_PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
      env: { ...SHARED_ENV, WORKER_HEALTH_PORT: String(WORKER_HEALTH_PORT), WORKER_CONCURRENCY: "2", LOG_LEVEL: "warn" },
    },
    {
      // The simulated Graph API (OAuth, Page tokens, signed comment webhooks to the web server). It
      // refuses NODE_ENV=production, hence "test" here. Started before global-setup, whose seed
      // connects the demo hospital's Page with a token from it.
      command: "npx tsx ../../apps/simulator/src/main.ts",
      url: `${SIMULATOR_URL}/_sim/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        ...SHARED_ENV, NODE_ENV: "test", SIMULATOR_PORT: String(SIMULATOR_PORT), SIMULATOR_HOST: "127.0.0.1",
        SIMULATOR_CALLBACK_URL: `http://127.0.0.1:${PORT}/api/webhooks/meta`,
        SIMULATOR_LINKEDIN_CALLBACK_URL: `http://127.0.0.1:${PORT}/api/webhooks/linkedin`,
      },
    },
  ],
});
