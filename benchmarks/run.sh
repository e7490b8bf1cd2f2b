#!/usr/bin/env bash
# Runs the infrastructure benchmark against SQLite and a throwaway PostgreSQL server (with Marten and
# Rebus measured beside ours on it);
# `run.sh loadtest [options]` runs the load test through the real hosts instead (SQLite unless --postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
if [[ "${1:-}" == loadtest ]]; then
  shift
  # --postgres without a connection string: a throwaway server, unless CONFERENCE_TEST_POSTGRES names one.
  if [[ " $* " == *" --postgres "* && -z "${CONFERENCE_TEST_POSTGRES:-}" ]]; then
    trap postgres_stop EXIT
    postgres_start "${CONFERENCE_BENCH_PG_PORT:-55433}"
  fi
  dotnet run -c Release --project benchmarks/Conference.LoadTest -- "$@"
  exit
fi
trap postgres_stop EXIT
postgres_start "${CONFERENCE_BENCH_PG_PORT:-55433}"
# [seconds-per-measure] [rounds]: PostgreSQL's rounds alternate fsync off and on and measure the peers beside ours.
dotnet run -c Release --project benchmarks/Infrastructure.Benchmarks -- "${1:-3}" "${2:-2}"
