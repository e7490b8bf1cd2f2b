#!/usr/bin/env bash
# Chromium for the browser acceptance tests (sourced by test.sh).
#   chromium_ensure   installs Debian's chromium package if missing and exports CONFERENCE_CHROMIUM,
#                     the binary Playwright launches (Playwright cannot download browsers here)

chromium_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "Chromium is missing and installing it needs root or sudo: apt-get install -y chromium" >&2; return 1
  fi
}

chromium_bin() {
  if [ -n "${CONFERENCE_CHROMIUM:-}" ] && [ -x "$CONFERENCE_CHROMIUM" ]; then echo "$CONFERENCE_CHROMIUM"; return; fi
  command -v chromium 2>/dev/null || true
}

chromium_ensure() {
  if [ -z "$(chromium_bin)" ]; then
    echo "Installing Chromium (Debian package chromium)..."
    chromium_as_root apt-get update -qq >/dev/null || return 1
    # env, not a prefix assignment: sudo would drop the variable.
    chromium_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || return 1
  fi
  local bin; bin="$(chromium_bin)"
  [ -n "$bin" ] || return 1
  export CONFERENCE_CHROMIUM="$bin"
  echo "Chromium: $CONFERENCE_CHROMIUM"
}
