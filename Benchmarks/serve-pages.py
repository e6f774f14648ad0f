#!/usr/bin/env python3
"""Latency of a few kb serve pages, for comparing stores (a file, PostgreSQL) at small sizes.

usage: serve-pages.py BASE_URL      e.g. serve-pages.py http://127.0.0.1:8080
Per page: 5 warm-up requests, 60 sequential ones (median, 90th percentile), then 3 s of two
clients in parallel (requests per second). Loopback only: no proxy from the environment.
"""
import statistics
import sys
import threading
import time
import urllib.request

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
MISSION = "claims%20for%20ml-platform-engineer%20where%20cohort%3Dolder"
PAGES = [f"/api/query?q={MISSION}", f"/query?q={MISSION}", "/claims/noy2023-writing-time", "/sources/noy2023experimental", "/"]


def one(url):
    started = time.perf_counter()
    with OPENER.open(url, timeout=60) as response:
        response.read()
    return time.perf_counter() - started


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    base = sys.argv[1].rstrip("/")
    for path in PAGES:
        for _ in range(5):
            one(base + path)
        latencies = sorted(one(base + path) for _ in range(60))
        count = [0]
        stop = time.perf_counter() + 3

        def loop():
            while time.perf_counter() < stop:
                one(base + path)
                count[0] += 1

        clients = [threading.Thread(target=loop) for _ in range(2)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        print(f"{path[:40]:40s} median {statistics.median(latencies) * 1000:6.1f} ms  "
              f"p90 {latencies[53] * 1000:6.1f} ms  2 clients {count[0] / 3:6.1f} req/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
