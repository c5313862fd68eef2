#!/usr/bin/env bash
# Set up accord and print the brief of the bundled Ukraine 2025 scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/accord brief "$@"
