#!/usr/bin/env bash
# Installs what building and testing need on a fresh Debian machine; quiet when all is there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mapfile -t wanted < <(grep -vE '^\s*(#|$)' "$here/apt-packages.txt")
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# nginx from Debian starts itself on port 80 when installed; tests start their own.
if command -v systemctl >/dev/null 2>&1; then systemctl stop nginx >/dev/null 2>&1 || true; fi
pkill -x nginx >/dev/null 2>&1 || true
mapfile -t pywanted < <(grep -vE '^\s*(#|$)' "$here/pip-packages.txt")
for spec in "${pywanted[@]}"; do
  name=${spec%%[=<>]*}
  python3 -m pip show -q "$name" >/dev/null 2>&1 || python3 -m pip install -q "$spec"
done
