#!/usr/bin/env bash
# System packages the test-suite needs: Debian's Chromium for the web page's
# end-to-end test. Skipped when chromium is already there or we are not root.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: chromium missing and cannot apt-get; browser tests will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq chromium >/dev/null
