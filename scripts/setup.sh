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
  # Chromium for the browser tests; nginx (run by the tests as a plain process, never as a
  # service) for the deploy/nginx tests.
  missing=""
  [ -x /usr/bin/chromium ] || missing="$missing chromium"
  [ -x /usr/sbin/nginx ] || missing="$missing nginx"
  if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  fi
fi
