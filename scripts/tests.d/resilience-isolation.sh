#!/usr/bin/env bash
# Latency isolation between tenants (a hanging vendor must not slow another tenant) is
# measured alone: inside the parallel `swift test` run the two cores are saturated by the
# other suites and any latency figure is noise. Expects `swift build --build-tests` done.
set -euo pipefail
cd "$(dirname "$0")/../.."
SWITCHBOARD_ISOLATION_TEST=1 swift test --skip-build --filter "ResilienceEndToEndTests/aHangingVendorDoesNotSlowAnotherTenant" 2>&1 | tail -5
