#!/usr/bin/env bash
# Runs a bench pinned to one core (taskset) when the machine has it, so its figures are of one core
# whatever else runs; arguments pass through (npm appends `-- --json <file>` after the command).
if command -v taskset >/dev/null; then exec taskset -c 0 "$@"; else exec "$@"; fi
