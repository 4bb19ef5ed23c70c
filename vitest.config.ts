import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Set-up (migrations, tampering in tests) connects as the owner; the code under test runs as the
// least-privileged vetted_app role, as in production (issue 14, finding 8c).
const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/vetted_test";
const asAppRole = (owner: string) => {
  const url = new URL(owner);
  url.username = "vetted_app";
  url.password = "";
  return url.toString();
};

// Two projects: unit tests run anywhere; *.int.test.ts need the real PostgreSQL and Redis.
export default defineConfig({
  // The web app imports its own modules as "@/…" (see apps/web/tsconfig.json).
  resolve: { alias: { "@/": fileURLToPath(new URL("./apps/web/", import.meta.url)) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["packages/**/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "apps/web/lib/**/*.test.ts", "scripts/**/*.test.ts", "prisma/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
          // Tests that read log lines pass a logger of their own; the process's logger stays quiet.
          env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "int",
          include: ["packages/**/src/**/*.int.test.ts", "apps/*/src/**/*.int.test.ts", "apps/web/**/*.int.test.ts", "scripts/**/*.int.test.ts", "prisma/**/*.int.test.ts"],
          exclude: ["**/node_modules/**"],
          globalSetup: ["./scripts/vitest-int-setup.ts"],
          env: {
            DATABASE_URL: process.env.TEST_APP_DATABASE_URL ?? asAppRole(testDatabaseUrl),
            MIGRATION_DATABASE_URL: testDatabaseUrl,
            // Tests play the reverse proxy: their X-Forwarded-For is believed (see packages/auth/src/client-ip.ts).
            TRUSTED_PROXIES: "127.0.0.1",
            REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/1",
            AUTH_SECRET: "integration-tests-only-secret-0123456789abcdef",
            NODE_ENV: "test",
            LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
          },
          // next-auth imports "next/server" without an extension, which only a bundler resolves.
          server: { deps: { inline: ["next-auth", "@auth/core"] } },
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
