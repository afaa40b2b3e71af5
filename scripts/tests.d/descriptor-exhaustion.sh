#!/usr/bin/env bash
# RELIABILITY-MATRIX §1.3: with `ulimit -n 64`, 100 connections must not make the server
# spin on a listener it cannot accept from (EMFILE), and once they close it serves again.
# Runs the server core (HTTPBenchServer) in its own process, because the descriptor limit
# is per process. Expects `swift build` done.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="$(swift build --show-bin-path)/HTTPBenchServer"
[ -x "$BIN" ] || { echo "descriptor-exhaustion: $BIN is missing (swift build)"; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
prlimit --nofile=64:64 "$BIN" "$port" 1 >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
python3 - "$port" "$server" <<'PY'
import os, socket, sys, time
port, pid = int(sys.argv[1]), int(sys.argv[2])

def get(timeout=5.0):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = b""
    while chunk := s.recv(65536):
        data += chunk
    s.close()
    return data.split(b"\r\n", 1)[0]

def cpu_seconds():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

for _ in range(200):
    try:
        assert get(1.0).startswith(b"HTTP/1.1 200"); break
    except OSError:
        time.sleep(0.05)
else:
    sys.exit("descriptor-exhaustion: the server did not come up")

held = []
for _ in range(100):
    try:
        held.append(socket.create_connection(("127.0.0.1", port), timeout=2))
    except OSError:
        pass
time.sleep(0.5)
open_fds = len(os.listdir(f"/proc/{pid}/fd"))
assert open_fds >= 60, f"the server has only {open_fds} descriptors open: the limit was not reached"
before, t0 = cpu_seconds(), time.monotonic()
time.sleep(3)
busy = (cpu_seconds() - before) / (time.monotonic() - t0)
print(f"descriptor-exhaustion: {len(held)} connections against a limit of 64 ({open_fds} descriptors in use); server CPU while exhausted: {busy:.0%}")
assert busy < 0.3, f"the server spins while out of descriptors ({busy:.0%} CPU)"
for s in held:
    s.close()
deadline = time.monotonic() + 10
while True:
    try:
        status = get(2.0)
        if status.startswith(b"HTTP/1.1 200"):
            break
    except OSError:
        pass
    assert time.monotonic() < deadline, "the server does not serve again after the connections closed"
    time.sleep(0.1)
print("descriptor-exhaustion: serves again after they closed: ok")
PY
