#!/usr/bin/env bash
# The test command: installs and starts what the tests need, runs every test of Conference.sln,
# stops what it started, and ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
source scripts/postgres.sh
source scripts/azurite.sh
source scripts/chromium.sh

PG_PORT="${CONFERENCE_TEST_PG_PORT:-55432}"
AZURITE_PORT="${CONFERENCE_TEST_AZURITE_PORT:-10100}"
RESULTS="$(pwd)/.test-results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"

cleanup() { postgres_stop; azurite_stop; }
trap cleanup EXIT

postgres_start "$PG_PORT" || { echo "could not start PostgreSQL"; echo "0 passed, 1 failed"; exit 1; }
azurite_start "$AZURITE_PORT" || { echo "could not start Azurite"; echo "0 passed, 1 failed"; exit 1; }
chromium_ensure || { echo "could not install Chromium"; echo "0 passed, 1 failed"; exit 1; }

dotnet build Conference.sln -warnaserror -nologo -clp:ErrorsOnly
build=$?
if [ $build -ne 0 ]; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test Conference.sln --no-build --nologo --logger "trx;LogFilePrefix=results" --results-directory "$RESULTS" -- RunConfiguration.CollectSourceInformation=false
status=$?

passed=0; failed=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  e=$(echo "$counters" | sed -n 's/.* error="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
done
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
