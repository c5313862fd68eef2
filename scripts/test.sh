#!/usr/bin/env bash
# Set up accord and run the whole test suite (unit, property, CLI, browser and doctests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
bash scripts/browser.sh
mkdir -p test-output
exec .venv/bin/python -m pytest "$@"
