import js from "@eslint/js";
import tseslint from "typescript-eslint";

// $queryRaw, $executeRaw and their Unsafe forms, as tx.$queryRaw, tx["$queryRaw"] or destructured.
const RAW_NAME = "/^\\$(queryRaw|executeRaw)(Unsafe)?$/";
const RAW_SQL = [`MemberExpression[property.name=${RAW_NAME}]`, `MemberExpression[property.value=${RAW_NAME}]`, `Property[key.name=${RAW_NAME}]`];
const RAW_SQL_MESSAGE = "Raw SQL goes through rawSql(client, forOrg(orgId) | forOrgs(orgIds) | acrossOrgs(reason)) from @vetted/db (packages/db/src/raw-sql.ts).";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/.next/**", "**/dist/**", "**/generated/**", "**/.scratch/**", "**/test-results/**", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", Buffer: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      // Stripping control characters from untrusted text is a real need here.
      "no-control-regex": "off",
      // Env is validated once per process in packages/config; nowhere else reads it.
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read env through @vetted/config (validated once per process)." }],
      // Raw SQL is invisible to the tenant guard: it goes through rawSql(client, forOrg(orgId) | forOrgs(orgIds) | acrossOrgs(reason)).
      "no-restricted-syntax": ["error", ...RAW_SQL.map((selector) => ({ selector, message: RAW_SQL_MESSAGE }))],
    },
  },
  {
    // Operational logs go through @vetted/log (pino with PHI redaction, errors by class and code):
    // console output would bypass both. Tests, e2e specs, benchmarks and CLIs print as they like.
    files: ["apps/web/**/*.{ts,tsx}", "apps/worker/src/**/*.ts", "packages/{auth,config,db,domain,log,queue}/src/**/*.ts"],
    ignores: ["**/*.test.ts", "**/e2e/**", "**/*.config.ts"],
    rules: { "no-console": "error" },
  },
  {
    // The one door to raw SQL (issue 15), its unit test's stand-in client, and the pg client it may
    // run on (pg-direct.ts implements RawClient; statements still come only through rawSql).
    files: ["packages/db/src/raw-sql.ts", "packages/db/src/raw-sql.test.ts", "packages/db/src/pg-direct.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    // Files that run before any app code (tooling config, test set-up, scripts) may read the raw env.
    files: ["packages/config/src/env.ts", "**/*.config.ts", "**/*.config.js", "scripts/**", "prisma/**", "**/e2e/**", "**/bench/**", "**/*.test.ts"],
    rules: { "no-restricted-properties": "off" },
  },
);
