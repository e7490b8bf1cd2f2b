#!/usr/bin/env bash
# Throwaway Azurite (Azure Storage emulator: blob, queue, table) for tests (sourced by test.sh).
#   azurite_start <port>   installs npm azurite project-locally into .tools/azurite if missing, starts it
#                          in memory on 127.0.0.1:<port> (blob), <port>+1 (queue), <port>+2 (table), waits
#                          until it answers (up to about 2 minutes on a loaded machine) and exports
#                          CONFERENCE_TEST_AZURITE (a connection string)
#   azurite_stop           stops it

AZURITE_VERSION="3.37.0"
AZURITE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools/azurite"

azurite_port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

azurite_start() {
  local port="$1"
  # A busy port (another run, another server) moves us on to three free ones.
  while azurite_port_in_use "$port" || azurite_port_in_use $((port + 1)) || azurite_port_in_use $((port + 2)); do
    port=$((port + 3))
  done
  local bin="$AZURITE_ROOT/node_modules/.bin/azurite"
  if [ ! -x "$bin" ] || ! grep -q "\"version\": \"$AZURITE_VERSION\"" "$AZURITE_ROOT/node_modules/azurite/package.json" 2>/dev/null; then
    echo "Installing Azurite $AZURITE_VERSION (npm) into .tools/azurite..."
    mkdir -p "$AZURITE_ROOT"
    npm install --prefix "$AZURITE_ROOT" --no-save --no-audit --no-fund --loglevel=error "azurite@$AZURITE_VERSION" >/dev/null || return 1
  fi
  AZURITE_LOG="$(mktemp /tmp/conference-azurite.XXXXXX.log)"
  "$bin" --inMemoryPersistence --disableTelemetry --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --blobPort "$port" \
    --queueHost 127.0.0.1 --queuePort $((port + 1)) \
    --tableHost 127.0.0.1 --tablePort $((port + 2)) \
    >"$AZURITE_LOG" 2>&1 &
  AZURITE_PID=$!
  local waited=0
  until azurite_port_in_use "$port" && azurite_port_in_use $((port + 1)) && azurite_port_in_use $((port + 2)); do
    if ! kill -0 "$AZURITE_PID" 2>/dev/null || [ $waited -ge 1200 ]; then
      cat "$AZURITE_LOG"; azurite_stop; return 1
    fi
    sleep 0.1; waited=$((waited + 1))
  done
  # Azurite's well-known development account and key.
  local account="devstoreaccount1"
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  export CONFERENCE_TEST_AZURITE="DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$port/$account;QueueEndpoint=http://127.0.0.1:$((port + 1))/$account;TableEndpoint=http://127.0.0.1:$((port + 2))/$account;"
  echo "Azurite running on 127.0.0.1:$port-$((port + 2))"
}

azurite_stop() {
  if [ -n "${AZURITE_PID:-}" ]; then
    kill "$AZURITE_PID" 2>/dev/null && wait "$AZURITE_PID" 2>/dev/null
    AZURITE_PID=""
  fi
  [ -n "${AZURITE_LOG:-}" ] && rm -f "$AZURITE_LOG"
  return 0
}
