#!/usr/bin/env python3
"""Idle keep-alive memory of the HTTP server core: opens N connections (default 10000) to a
running server, makes one request on each, leaves them idle, and prints the server's RSS
before and after. Usage: bench/server-idle.py PID PORT [N] [PATH] (PATH must answer 200;
default "/", the gateway's is "/healthz")."""
import resource, socket, sys, time

pid, port = int(sys.argv[1]), int(sys.argv[2])
n = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
path = sys.argv[4] if len(sys.argv) > 4 else "/"
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

def rss_kib():
    with open(f"/proc/{pid}/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS"))

before = rss_kib()
conns = []
request = f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(request)
    conns.append(s)
answered = 0
for s in conns:
    s.settimeout(10)
    data = b""
    while b"\r\n\r\n" not in data:
        data += s.recv(4096)
    answered += data.startswith(b"HTTP/1.1 200")
time.sleep(1)
after = rss_kib()
print(f"{n} idle keep-alive connections ({answered} answered 200): RSS {before / 1024:.1f} MiB before, "
      f"{after / 1024:.1f} MiB after, {(after - before) * 1024 / n:.0f} bytes per connection")
for s in conns:
    s.close()
