#!/usr/bin/env bash
# Set up (first run only) and start nnvisu; extra arguments go to `python -m nnvisu`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m nnvisu "$@"
