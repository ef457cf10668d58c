#!/usr/bin/env bash
# Set up (first run only) and run every check: lints, type checks, the bundle's freshness,
# the JS unit tests and the whole pytest suite (unit, server, browser, notebook, JupyterLab).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
. .venv/bin/activate

echo "== ruff, mypy"
ruff check src tests
ruff format --check src tests
mypy

echo "== JS: type check, bundle freshness, unit tests"
npm run --silent typecheck
npm run --silent build
if ! git diff --quiet -- src/nnvisu/static; then
  echo "The committed bundle in src/nnvisu/static is stale: run 'npm run build' and commit it." >&2
  git --no-pager diff --stat -- src/nnvisu/static >&2
  exit 1
fi
npm test --silent

echo "== pytest"
exec pytest "$@"
