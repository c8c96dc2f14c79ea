#!/bin/sh
# The browser journeys drive Debian's Chromium through playwright-core (`npx playwright install` cannot download
# here). Installs it when missing and we are root; otherwise says what to do.
set -eu

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "e2e: $CHROMIUM is missing, installing Debian's chromium with apt-get …"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  exit 0
fi

echo "e2e: $CHROMIUM is missing. Install it as root: apt-get update && apt-get install -y chromium" >&2
exit 1
