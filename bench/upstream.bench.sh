#!/usr/bin/env bash
# Upstream client vs raw libcurl: sequential and concurrent GETs of a small JSON from a local
# nginx. CurlClient runs in the release-built UpstreamBench; the reference is the same loop
# on libcurl's easy interface in C (bench/upstream_easy.c, one reused connection per thread).
# Prints µs per request for both and the ratio (target: ≤ 1.3). CurlClient runs three ways:
# called from tasks on an HTTP event loop that hosts the client's transfers (as the gateway's
# handlers call it: no thread hand-off), from tasks on the global executor (two hand-offs per
# request, to the curl thread and back) and from tasks preferring the client's executor.
# Each figure is the median of UPSTREAM_BENCH_ROUNDS runs, C and Swift interleaved, so load
# from other processes hits both alike.
# Knobs: UPSTREAM_BENCH_COUNT (per run, default 5000), UPSTREAM_BENCH_CONCURRENCY (default 16),
# UPSTREAM_BENCH_ROUNDS (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${UPSTREAM_BENCH_COUNT:-5000}
rounds=${UPSTREAM_BENCH_ROUNDS:-5}
width=${UPSTREAM_BENCH_CONCURRENCY:-16}
bin=$(swift build -c release --show-bin-path)/UpstreamBench
[ -x "$bin" ] || swift build -c release --product UpstreamBench >/dev/null

work=$(mktemp -d)
nginx_pid=""
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

cc -O2 -o "$work/upstream_easy" bench/upstream_easy.c -lcurl -lpthread

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    server {
        listen 127.0.0.1:$port;
        location / {
            default_type application/json;
            return 200 '{"id":"42","name":"Anna Schmidt","extension":"201","status":"available"}';
        }
    }
}
CONF
/usr/sbin/nginx -p "$work" -e "$work/error.log" -c "$work/nginx.conf" &
nginx_pid=$!
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.05
done
url="http://127.0.0.1:$port/users/42"

median() { tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() {  # name, concurrency, callers (loop|global|client)
  local raws="" ours="" raw our ratio
  for _ in $(seq "$rounds"); do
    raws="$raws $("$work/upstream_easy" "$url" "$count" "$2" | cut -d' ' -f1)"
    ours="$ours $("$bin" "$url" "$count" "$2" "$3" | cut -d' ' -f1)"
  done
  raw=$(echo $raws | median)
  our=$(echo $ours | median)
  ratio=$(python3 -c "print(f'{$our/$raw:.2f}')")
  printf '%-30s libcurl easy %8.2f µs/req   CurlClient %8.2f µs/req   ratio %s\n' "$1" "$raw" "$our" "$ratio"
  echo "    runs: libcurl$raws | CurlClient$ours"
}
echo "upstream: $rounds × $count GETs of a 70-byte JSON from nginx on loopback; load: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "sequential, event loop" 1 loop
measure "concurrent ($width), event loop" "$width" loop
measure "sequential, global executor" 1 global
measure "concurrent ($width), global" "$width" global
measure "sequential, client executor" 1 client
measure "concurrent, client executor" "$width" client
