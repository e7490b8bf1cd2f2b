#!/usr/bin/env bash
# Runs the infrastructure benchmark against SQLite and a throwaway PostgreSQL server.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
trap postgres_stop EXIT
postgres_start "${CONFERENCE_BENCH_PG_PORT:-55433}"
dotnet run -c Release --project benchmarks/Infrastructure.Benchmarks -- "${1:-3}"
