import { defineConfig } from "vitest/config";

// Two projects: unit tests run anywhere; *.int.test.ts need the real PostgreSQL and Redis.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/**/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "apps/web/lib/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "int",
          include: ["packages/**/src/**/*.int.test.ts", "apps/*/src/**/*.int.test.ts", "apps/web/**/*.int.test.ts"],
          exclude: ["**/node_modules/**"],
          globalSetup: ["./scripts/vitest-int-setup.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
