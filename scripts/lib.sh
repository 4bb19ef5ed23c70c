# Shared helpers for the project's scripts. Sourced, not run.
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { printf '\033[1m== %s\033[0m\n' "$*"; }

load_env() {
  if [ ! -f "$ROOT/.env" ]; then
    secret=$(node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64url"))')
    sed "s|^AUTH_SECRET=.*|AUTH_SECRET=$secret|" "$ROOT/.env.example" > "$ROOT/.env"
    say "Created .env from .env.example"
  fi
  set -a; . "$ROOT/.env"; set +a
  # Since issue 14 the app connects as vetted_app and only migrations use the owner; an older .env still works.
  case "${DATABASE_URL:-}" in
    postgres*://postgres@*) say "Note: DATABASE_URL connects as the superuser; see .env.example for vetted_app and MIGRATION_DATABASE_URL" ;;
  esac
}

pg_up() { node -e '
  const s=require("net").connect({host:process.argv[1],port:+process.argv[2]});
  s.on("connect",()=>process.exit(0)); s.on("error",()=>process.exit(1)); setTimeout(()=>process.exit(1),1500);' "$1" "$2"; }

# Starts the local PostgreSQL and Redis from Debian packages when they are installed but stopped.
start_local_services() {
  if ! pg_up 127.0.0.1 5432 && command -v pg_ctlcluster >/dev/null; then
    ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
    [ -n "$ver" ] && pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
  fi
  if ! pg_up 127.0.0.1 6379 && command -v redis-server >/dev/null; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null || true
  fi
  for _ in $(seq 1 20); do pg_up 127.0.0.1 5432 && pg_up 127.0.0.1 6379 && return 0; sleep 0.5; done
  return 1
}

require_services() {
  if start_local_services; then return 0; fi
  if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
    say "Starting PostgreSQL, Redis and Mailpit with docker compose"
    docker compose -f "$ROOT/docker-compose.yml" up -d --wait && return 0
  fi
  echo "PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) are not reachable." >&2
  echo "Start them locally, or run 'docker compose up -d' where Docker is available, then run this again." >&2
  exit 1
}
