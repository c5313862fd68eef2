#!/usr/bin/env bash
# Set up accord in ./.venv with the pinned dependencies. Safe to run again: it skips work already done.
# With --test it also installs the test and benchmark dependencies (requirements-test.lock).
set -euo pipefail
lock=requirements.lock
[ "${1:-}" = "--test" ] && lock=requirements-test.lock
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
"$PYTHON" - <<'PY' || { echo "accord needs Python 3.11 or newer (set PYTHON=...)" >&2; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

if [ ! -x .venv/bin/python ]; then
  echo "creating .venv" >&2
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.accord-installed-$lock
want=$(cat "$lock" pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "installing pinned dependencies" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check pip==25.3
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$lock"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
  echo "$want" > "$stamp"
fi
