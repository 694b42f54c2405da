#!/usr/bin/env bash
# Makes sure a Chromium for the Playwright e2e suite exists. The suite drives Debian's chromium package
# (never `npx playwright install`, which downloads from outside and fails on these machines).
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

print_version() {
  # Debian's wrapper prints a harmless shell warning first; keep only the last line.
  "$1" --version 2>/dev/null | tail -n 1 || true
}

if [ -x "$CHROMIUM" ]; then
  echo "Chromium found at $CHROMIUM: $(print_version "$CHROMIUM")"
  exit 0
fi

if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file." >&2
fi

if [ "$(id -u)" -eq 0 ]; then
  echo "Chromium is missing: installing Debian's chromium package…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  if [ -x /usr/bin/chromium ]; then
    echo "Installed /usr/bin/chromium: $(print_version /usr/bin/chromium)"
    if [ -n "${CHROMIUM_PATH:-}" ] && [ "$CHROMIUM_PATH" != /usr/bin/chromium ]; then
      echo "Note: CHROMIUM_PATH still points to $CHROMIUM_PATH; unset it to use /usr/bin/chromium." >&2
      exit 1
    fi
    exit 0
  fi
  echo "apt-get finished but /usr/bin/chromium is still missing." >&2
  exit 1
fi

cat >&2 <<MSG
Chromium is not installed, and the end-to-end tests need it.
Install Debian's package as root:
    sudo apt-get update && sudo apt-get install -y chromium
or point CHROMIUM_PATH at an existing Chromium binary.
Do not run \`npx playwright install\`: it downloads browsers from outside and fails here.
MSG
exit 1
