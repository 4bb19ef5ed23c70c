import { defineConfig } from "prisma/config";

// The CLI only needs the URL; the app validates its env in packages/config. Migrations run as the
// table owner (MIGRATION_DATABASE_URL); DATABASE_URL is the app's least-privileged vetted_app role
// and is used here only by setups from before that split, where it still names the owner.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/vetted" },
});
