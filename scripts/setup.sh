#!/usr/bin/env bash
# Idempotent set-up of a development machine: a virtualenv with the package and its test
# dependencies, and (with --dev) the npm tools and Chromium the full test suite needs.
# Re-running is cheap: each step is skipped when what it installs is already current.
set -euo pipefail
cd "$(dirname "$0")/.."
dev=0
[ "${1:-}" = "--dev" ] && dev=1

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
. .venv/bin/activate

stamp=.venv/.nnvisu-installed
want="$(sha256sum pyproject.toml | cut -c1-16)-$dev"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  python -m pip install -q --upgrade pip
  # The CPU build of torch lies on local disk; plain `torch` would pull a multi-GB CUDA build.
  python -m pip install -q "torch==2.13.0"
  if [ $dev = 1 ]; then
    python -m pip install -q -e ".[test]"
  else
    python -m pip install -q -e .
  fi
  echo "$want" > "$stamp"
fi

if [ $dev = 1 ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
  if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
  fi
fi
