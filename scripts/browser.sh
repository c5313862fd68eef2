#!/usr/bin/env bash
# Make sure a system Chromium is present for the browser tests (Playwright drives it; its own browser
# download is not used). Installs Debian's package when missing and the user may install packages.
set -euo pipefail
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then exit 0; fi
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium for the browser tests" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null || {
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
else
  echo "no Chromium found and cannot install it: the browser tests will be skipped (CI=true fails them)" >&2
fi
