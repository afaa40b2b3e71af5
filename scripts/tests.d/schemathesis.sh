#!/usr/bin/env bash
# Contract fuzzing: starts `switchboard demo` (four simulated PBXs behind the gateway) on a
# free port, runs schemathesis with every check against the served spec, and stops the demo.
# Fails on any server error or any response that violates openapi/switchboard.yaml.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="$(swift build --show-bin-path)/switchboard"
[ -x "$bin" ] || swift build --product switchboard >/dev/null
work=$(mktemp -d)
key="schemathesis-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
"$bin" demo --port 0 --key "$key" --log-level error >"$work/demo.out" 2>"$work/demo.err" &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 300); do
  grep -q "^Switchboard demo on " "$work/demo.out" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/demo.err" >&2; exit 1; }
  sleep 0.1
done
url=$(sed -n 's/^Switchboard demo on \(http[^ ]*\).*/\1/p' "$work/demo.out")
[ -n "$url" ] || { echo "demo did not start" >&2; cat "$work/demo.err" >&2; exit 1; }
echo "schemathesis against $url"
schemathesis --config-file scripts/tests.d/schemathesis.toml run "$url/openapi.yaml" --url "$url" \
  --checks all --exclude-checks unsupported_method \
  -H "Authorization: Bearer $key" \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-30}" \
  --seed "${SCHEMATHESIS_SEED:-1}" \
  --request-timeout 30 \
  --no-color
