#!/usr/bin/env python3
"""Where an uncached GET's time goes on its critical path, from `perf script -F time,event`
of a gateway traced with uprobes (markers named below) and syscall tracepoints while one
client sends one request at a time. Prints the median of each segment over the requests
that show every marker in order. Each uprobe hit itself costs about 2 µs, counted in the
segment that ends at it.

usage: perf script -i DATA -F time,event | critical-path.py
"""
import statistics
import sys

# (marker, event, who does the work in the segment that ends at this marker)
MARKERS = [
    ("read", "sys_exit_read", None),
    ("vendor client", "sb_vsend", "gateway: request parse, middleware, route, cache miss, resilience, adapter"),
    ("transfer start", "sb_start", "gateway: vendor request, upstream client"),
    ("vendor send", "sys_enter_sendto", "libcurl: the client configures and adds the transfer; libcurl reuses a connection, writes the request"),
    ("loop waits", "sys_enter_epoll_wait", "send: the syscall (waking the vendor), libcurl's check after it, end of turn"),
    ("vendor answer", "sys_exit_epoll_wait", "waiting: the vendor (shares the core), wake-up"),
    ("answer read", "sys_exit_recvfrom", "libcurl: socket action up to the read"),
    ("transfer done", "sb_finish", "libcurl: status line, headers, body, completion"),
    ("parse", "sb_parse", "gateway: caller resumed, vendor client checks"),
    ("deliver", "sb_deliver", "gateway: JSON, mapping, encoding, back through the layers"),
    ("client send", "sys_enter_sendto", "gateway: response written, turn ends"),
]


def events(lines):
    for line in lines:
        head, _, rest = line.partition(":")
        try:
            t = float(head)
        except ValueError:
            continue
        name = rest.strip().rstrip(":").split(":")[-1]
        yield t, name


def requests(stream):
    """Each request: the times of the markers, found in order after a read."""
    current = None
    for t, name in stream:
        if name == "sys_exit_read":
            current = [t]
            continue
        if current is None or len(current) == len(MARKERS):
            continue
        if name == MARKERS[len(current)][1]:
            current.append(t)
            if len(current) == len(MARKERS):
                yield current


def main():
    found = list(requests(events(sys.stdin)))
    if not found:
        print("  critical path: no request showed every marker (symbols renamed?)")
        return 1
    print(f"  critical path of an uncached GET, median of {len(found)} requests (µs):")
    totals = {"gateway": 0.0, "libcurl": 0.0}
    for i in range(1, len(MARKERS)):
        gap = statistics.median((r[i] - r[i - 1]) * 1e6 for r in found)
        who = MARKERS[i][2]
        print(f"    {gap:7.1f}  {MARKERS[i - 1][0]} -> {MARKERS[i][0]}   [{who}]")
        kind = who.split(":")[0]
        if kind in totals:
            totals[kind] += gap
    print(f"    gateway {totals['gateway']:.0f} µs, libcurl {totals['libcurl']:.0f} µs on the path "
          f"(probe hits included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
