#!/usr/bin/env bash
# Runs the Prisma CLI with the project's prisma.config.ts. Prisma's native schema engine is a download
# that some machines cannot make; tools/prisma-schema-engine-wasm.mjs speaks its protocol over the
# npm-shipped wasm engine, so migrations work offline too. Set PRISMA_SCHEMA_ENGINE_BINARY to override.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$root/tools/prisma-schema-engine-wasm.mjs}"
export CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
cd "$root"
exec npx --no-install prisma "$@"
