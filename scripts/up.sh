#!/usr/bin/env bash
# One command: install, start services, migrate, seed demo data, then run the web app and the worker.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
[ -d node_modules ] || { say "Installing dependencies"; npm ci --no-audit --no-fund; }
load_env
require_services
say "Migrating the database (as the owner: MIGRATION_DATABASE_URL)"
bash scripts/prisma.sh migrate deploy
say "Seeding demo data"
npx tsx prisma/seed.ts
say "Starting the worker and the web app on $APP_URL (Ctrl-C stops both)"
npx tsx apps/worker/src/main.ts &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
npm run dev -w @vetted/web
