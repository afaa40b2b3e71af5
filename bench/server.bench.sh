#!/usr/bin/env bash
# The HTTP server core against nginx `return 200`, same body ({"status":"ok"}), same run:
# wrk -t1 at 64 and 256 connections, BENCH_ROUNDS (3) alternating rounds of BENCH_SECONDS (5)
# each; prints median req/s, p50, p99 and RSS for both and the ratio ours/nginx.
# Servers get BENCH_LOOPS loops / nginx workers (default 1) pinned to CPU 0, wrk CPU 1,
# when taskset exists and there are 2+ cores. Takes about 70 s.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_ROUND=${BENCH_SECONDS:-5}
ROUNDS=${BENCH_ROUNDS:-3}
LOOPS=${BENCH_LOOPS:-1}
for tool in wrk nginx python3; do
  command -v "$tool" >/dev/null || { echo "server.bench: $tool is missing (scripts/apt-packages.txt)"; exit 1; }
done
swift build -c release --product HTTPBenchServer >/dev/null
BIN="$(swift build -c release --show-bin-path)/HTTPBenchServer"

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

server_cpu=(); client_cpu=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  cpus=$(( LOOPS > 1 ? LOOPS - 1 : 0 ))
  server_cpu=(taskset -c "0-$cpus"); client_cpu=(taskset -c "$(( $(nproc) - 1 ))")
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 400); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "server.bench: nothing listens on port $1"; return 1
}
# Resident memory of a process and its children, in MiB.
rss_mib() {
  local total=0
  for p in $1 $(pgrep -P "$1" || true); do
    total=$(( total + $(awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0) ))
  done
  echo "$(( total / 1024 ))"
}

ours_port=$(free_port)
"${server_cpu[@]}" "$BIN" "$ours_port" "$LOOPS" >"$tmp/ours.out" 2>&1 &
ours_pid=$!; pids+=("$ours_pid")
nginx_port=$(free_port)
sed -e "s|@WORKERS@|$LOOPS|; s|@PORT@|$nginx_port|; s|@TMP@|$tmp|g" bench/nginx-server.conf >"$tmp/nginx.conf"
"${server_cpu[@]}" nginx -c "$tmp/nginx.conf" -e "$tmp/nginx.err" &
nginx_pid=$!; pids+=("$nginx_pid")
wait_port "$ours_port"; wait_port "$nginx_port"

# Same bytes from both, or the comparison means nothing.
ours_body=$(python3 -c "import urllib.request as u; print(u.urlopen('http://127.0.0.1:$ours_port/').read().decode())")
nginx_body=$(python3 -c "import urllib.request as u; print(u.urlopen('http://127.0.0.1:$nginx_port/').read().decode())")
[ "$ours_body" = "$nginx_body" ] || { echo "server.bench: bodies differ: $ours_body vs $nginx_body"; exit 1; }

for c in 64 256; do
  for name in ours nginx; do  # warm-up: connections, caches, CPU frequency
    port_var="${name}_port"
    "${client_cpu[@]}" wrk -t1 -c"$c" -d1s "http://127.0.0.1:${!port_var}/" >/dev/null
  done
  for round in $(seq "$ROUNDS"); do
    for name in ours nginx; do
      port_var="${name}_port"
      "${client_cpu[@]}" wrk -t1 -c"$c" -d"${SECONDS_PER_ROUND}s" --latency "http://127.0.0.1:${!port_var}/" \
        >"$tmp/$name-c$c-r$round.txt"
    done
  done
  echo "$(rss_mib "$ours_pid")" >"$tmp/ours-c$c.rss"
  echo "$(rss_mib "$nginx_pid")" >"$tmp/nginx-c$c.rss"
done

python3 - "$tmp" "$ROUNDS" "$LOOPS" <<'PY'
import re, statistics, sys, glob
tmp, rounds, loops = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def ms(text):
    v, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
def parse(path):
    t = open(path).read()
    if "Non-2xx" in t or "Socket errors" in t:
        print(f"  note: {path.split('/')[-1]}: " + " ".join(l.strip() for l in t.splitlines() if "Non-2xx" in l or "Socket errors" in l))
    return (float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1)),
            ms(re.search(r"^\s+50%\s+(\S+)", t, re.M).group(1)),
            ms(re.search(r"^\s+99%\s+(\S+)", t, re.M).group(1)))
print(f"server.bench: {loops} loop(s) / nginx worker(s), wrk -t1, {rounds} alternating rounds, medians")
for c in (64, 256):
    row = {}
    for name in ("ours", "nginx"):
        runs = [parse(f"{tmp}/{name}-c{c}-r{r}.txt") for r in range(1, rounds + 1)]
        row[name] = [statistics.median(x) for x in zip(*runs)]
        rss = open(f"{tmp}/{name}-c{c}.rss").read().strip()
        print(f"  c{c:<4} {name:6} {row[name][0]:>10.0f} req/s   p50 {row[name][1]:6.2f} ms   p99 {row[name][2]:6.2f} ms   RSS {rss} MiB")
    print(f"  c{c:<4} ratio ours/nginx {row['ours'][0] / row['nginx'][0]:.2f} (target >= 0.6; p99 target < 5 ms)")
PY
