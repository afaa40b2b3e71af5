#!/usr/bin/env bash
# Runs every benchmark in bench/*.bench.sh; each prints its figures as ratios against a
# reference measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
for b in bench/*.bench.sh; do
  [ -e "$b" ] || continue
  echo "== $b"
  bash "$b"
done
