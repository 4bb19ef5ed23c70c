#!/usr/bin/env bash
# One command: install, start services, migrate, seed demo data, then run the platform simulator, the
# web app and the worker.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
[ -d node_modules ] || { say "Installing dependencies"; npm ci --no-audit --no-fund; }
load_env
require_services
say "Migrating the database (as the owner: MIGRATION_DATABASE_URL)"
bash scripts/prisma.sh migrate deploy
# The platform simulator (apps/simulator) plays Facebook and Instagram: OAuth, Page tokens and
# signed comment webhooks, delivered to the web app's /api/webhooks/meta on APP_URL's port. The
# META_* defaults of the app, the worker and the simulator match (packages/config/src/platform-env.ts).
app_port=$(node -e 'const u=new URL(process.argv[1]); process.stdout.write(u.port || (u.protocol === "https:" ? "443" : "80"))' "${APP_URL:-http://localhost:3000}")
export SIMULATOR_CALLBACK_URL="${SIMULATOR_CALLBACK_URL:-http://127.0.0.1:$app_port/api/webhooks/meta}"
sim_url="${META_GRAPH_URL:-http://127.0.0.1:${SIMULATOR_PORT:-4010}}"
# It plays LinkedIn, X and TikTok too: their base URLs default to the real APIs, so an older .env
# without them still talks to the simulator here; LinkedIn's signed deliveries go to
# /api/webhooks/linkedin. Their OAuth consent pages and token endpoints are the simulator's as well
# ("Connect LinkedIn Page", "Connect X account", "Connect TikTok account"), with the labelled
# development clients both sides default to.
export LINKEDIN_API_BASE="${LINKEDIN_API_BASE:-$sim_url}" X_API_BASE="${X_API_BASE:-$sim_url}"
export LINKEDIN_OAUTH_URL="${LINKEDIN_OAUTH_URL:-$sim_url/oauth/v2/authorization}" LINKEDIN_AUTH_BASE="${LINKEDIN_AUTH_BASE:-$sim_url}"
export X_OAUTH_URL="${X_OAUTH_URL:-$sim_url/i/oauth2/authorize}"
export TIKTOK_API_BASE="${TIKTOK_API_BASE:-$sim_url}" TIKTOK_OAUTH_URL="${TIKTOK_OAUTH_URL:-$sim_url/v2/auth/authorize/}"
export SIMULATOR_LINKEDIN_CALLBACK_URL="${SIMULATOR_LINKEDIN_CALLBACK_URL:-http://127.0.0.1:$app_port/api/webhooks/linkedin}"
say "Starting the platform simulator on $sim_url (webhooks to $SIMULATOR_CALLBACK_URL)"
npm run start -w @vetted/simulator &
sim=$!
worker=""
demo=""
trap 'kill $sim $worker $demo 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 40); do
  node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$sim_url/_sim/health" && break
  sleep 0.25
done
say "Seeding demo data"
npx tsx prisma/seed.ts
say "Starting the worker and the web app on $APP_URL (Ctrl-C stops all three)"
npx tsx apps/worker/src/main.ts &
worker=$!
# Two demo comments under the hospital's seeded post once the web app answers (one gets hidden).
npx tsx scripts/demo-comments.ts &
demo=$!
npm run dev -w @vetted/web
