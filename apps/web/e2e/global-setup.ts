import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { SHARED_ENV } from "../playwright.config";

// Migrations run as the owner (SHARED_ENV.MIGRATION_DATABASE_URL); the seed runs as the app role.

const root = fileURLToPath(new URL("../../..", import.meta.url));

/** A fresh, migrated, seeded database for every e2e run, so runs never depend on each other. */
export default async function globalSetup() {
  const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS vetted_e2e WITH (FORCE)");
  await admin.query("CREATE DATABASE vetted_e2e");
  await admin.end();
  // The seed writes consents and files: the same keys and media folder as the app under test.
  const env = { ...process.env, ...SHARED_ENV };
  execFileSync("bash", ["scripts/prisma.sh", "migrate", "deploy"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  execFileSync("npx", ["tsx", "prisma/seed.ts"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
}
