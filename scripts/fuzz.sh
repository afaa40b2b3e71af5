#!/usr/bin/env bash
# Fuzzes the HTTP request parser with libFuzzer + AddressSanitizer.
# Usage: scripts/fuzz.sh [seconds, default 60]. Findings land in fuzz-corpus/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-${FUZZ_SECONDS:-60}}
# (lld: gold fails to link ASan-instrumented Swift here.)
# swift-backtrace hangs after a crash in non-interactive runs; libFuzzer reports anyway.
export SWIFT_BACKTRACE=enable=no
swift build --scratch-path .build-fuzz --product HTTPParserFuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld
bin=$(swift build --scratch-path .build-fuzz --product HTTPParserFuzz --show-bin-path \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld)/HTTPParserFuzz
mkdir -p fuzz-corpus/parser fuzz-corpus/crashes
# Seed inputs: the first byte picks where the input is split into two reads.
seed() { printf '%b' "$2" > "fuzz-corpus/parser/seed-$1"; }
seed get '\x10GET /a?b=1 HTTP/1.1\r\nHost: x\r\nX-Request-Id: r1\r\n\r\n'
seed post '\x20POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello'
seed chunked '\x30POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0\r\nT: v\r\n\r\n'
seed pipelined '\x05GET / HTTP/1.0\r\n\r\nHEAD /x HTTP/1.1\r\nHost: y\r\nConnection: close\r\n\r\n'
seed expect '\x40PUT / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nab'
"$bin" -max_total_time="$seconds" -max_len=4096 -artifact_prefix=fuzz-corpus/crashes/ \
  -print_final_stats=1 fuzz-corpus/parser
