#!/usr/bin/env bash
# Every test: Swift unit and end-to-end suites, then the contract checks against a running gateway.
set -euo pipefail
cd "$(dirname "$0")/.."
export SWIFT_BACKTRACE=enable=no
swift test --skip-build 2>&1 | tee .build/test-output.txt
for extra in scripts/tests.d/*.sh; do
  [ -e "$extra" ] || continue
  echo "== $extra"
  bash "$extra"
done
