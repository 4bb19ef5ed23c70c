import { execFileSync } from "node:child_process";
import pg from "pg";

// Integration tests run against a real PostgreSQL database of their own, migrated like production.
export default async function setup() {
  const url = new URL(process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/vetted_test");
  const name = url.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name) || !name.includes("test")) {
    throw new Error(`Refusing to run integration tests against database "${name}": its name must contain "test"`);
  }
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  execFileSync("bash", ["scripts/prisma.sh", "migrate", "deploy"], {
    stdio: ["ignore", "ignore", "inherit"],
    // As the owner: the migrations create tables and the vetted_app role the tests then run as.
    env: { ...process.env, MIGRATION_DATABASE_URL: url.toString() },
  });
}
