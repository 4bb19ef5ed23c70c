#!/usr/bin/env bash
# Every check and test suite, in order: lint, typecheck, unit, integration (real PostgreSQL and
# Redis), production build, e2e (Chromium). Runs them all even when one fails, then prints one
# line "N passed, N failed" (tests, plus one per lint/typecheck/build step) and exits non-zero on any failure.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
reports="$ROOT/.reports"; rm -rf "$reports"; mkdir -p "$reports"
declare -A step_status
order=()
run_step() { # name, command...
  local name=$1; shift
  say "$name"
  local started=$SECONDS
  if "$@"; then step_status[$name]=ok; else step_status[$name]=failed; fi
  order+=("$name")
  echo "-- $name: ${step_status[$name]} in $((SECONDS - started)) s"
}

require_services
export AUTH_SECRET="${AUTH_SECRET:-test-only-secret-0123456789abcdefghijkl}"

# The packages through turbo, then what no package owns (scripts/, prisma/, root configs: the benches,
# the test harness and the seed) — a bench script once broke unnoticed because nothing checked it.
run_step lint bash -c "npx turbo run lint --output-logs=errors-only && npm run --silent lint:tools"
run_step typecheck bash -c "npx turbo run typecheck --output-logs=errors-only && npm run --silent typecheck:tools"
run_step unit npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$reports/unit.json"
run_step integration npx vitest run --project int --reporter=default --reporter=json --outputFile.json="$reports/int.json"
run_step build npm run build -w @vetted/web
if [ "${step_status[build]}" = ok ]; then
  run_step e2e bash -c "cd apps/web && PLAYWRIGHT_JSON_OUTPUT_NAME='$reports/e2e.json' npx playwright test --reporter=list,json"
else
  echo "-- e2e: skipped, the build failed"; step_status[e2e]=failed; order+=(e2e)
fi

statuses=$(for s in "${order[@]}"; do printf '%s=%s ' "$s" "${step_status[$s]}"; done)
node scripts/summarize-tests.mjs "$reports" "$statuses"
