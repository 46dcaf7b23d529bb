#!/usr/bin/env python3
"""Same search requests over HTTP to several servers, one after the other per
query (so load is shared alike): prints p50/p99 in ms per server, and how many
answers failed.

usage: http_latency.py QUERIES URL [URL …]   (URL: http://host:port, the
/api/search path and ?q= are added; each query line is sent as q as written)
"""
import statistics
import sys
import time
import urllib.parse
import urllib.request


def main() -> None:
    queries = [l.strip() for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
    servers = sys.argv[2:]
    times = {s: [] for s in servers}
    failed = {s: 0 for s in servers}
    for server in servers:  # warm both once
        urllib.request.urlopen(f"{server}/api/search?q=migration").read()
    for query in queries:
        path = "/api/search?" + urllib.parse.urlencode({"q": query, "limit": 10})
        for server in servers:
            start = time.perf_counter()
            try:
                urllib.request.urlopen(server + path, timeout=30).read()
            except Exception:
                failed[server] += 1
                continue
            times[server].append((time.perf_counter() - start) * 1000)
    for server in servers:
        t = sorted(times[server])
        p99 = t[min(len(t) - 1, int(len(t) * 0.99))]
        print(f"{server}\tqueries {len(t)}\tfailed {failed[server]}\t"
              f"p50 {statistics.median(t):.2f} ms\tp99 {p99:.2f} ms")


if __name__ == "__main__":
    main()
