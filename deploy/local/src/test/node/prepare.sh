#!/usr/bin/env bash
# Installs what deploy/local's partner-documentation checks need, before its tests run (Maven's
# process-test-resources phase; skipped with -DskipTests):
#   - this Node package (linters, Playwright, openid-client), exactly as package-lock.json pins it, into $1;
#   - Debian's Chromium for the browser test, when it is not on the machine yet. Playwright's own browser
#     download cannot work here, so the test drives the distribution's browser. Installing it needs root (as on
#     the build machines); elsewhere install the package "chromium" yourself or point CHROMIUM at a Chromium.
set -euo pipefail
source_dir=$(cd "$(dirname "$0")" && pwd)
target=$1
mkdir -p "$target"
cp "$source_dir"/package.json "$source_dir"/package-lock.json "$source_dir"/.spectral.yaml "$source_dir"/*.mjs "$target"/
cd "$target"
# Unchanged lock file, modules already there: nothing to do (repeated builds stay fast and offline).
if ! cmp -s package-lock.json node_modules/.installed-from-lock 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-from-lock
fi

browser=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x $browser ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser test (once per machine) ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends chromium >/dev/null \
      || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends chromium >/dev/null; }
  else
    echo "The browser test needs Chromium at $browser: install Debian's package 'chromium'" \
         "(sudo apt-get install chromium) or set CHROMIUM to a Chromium binary." >&2
    exit 1
  fi
fi
