#!/usr/bin/env python3
"""Interleaved wall-clock rounds of one `kb query` against sqlite3 running the same SQL two ways:
the statements `kb query --explain` shows (RANKED.sql, from inline_sql.py) and every statement kb
ran (TRACE.sql, one lane, from sql-trace.c). The three run in rotating order, N times each, after
one warm-up run; prints the medians and the two ratios (BENCHMARKS.md, "The whole statement trace").

usage: N=80 python3 Benchmarks/interleave.py KB DB QUERY RANKED.sql TRACE.sql"""
import os
import statistics
import subprocess
import sys
import time

kb, db, query, ranked, trace = sys.argv[1:6]
n = int(os.environ.get("N", "60"))
if os.path.exists(trace + ".1"):
    sys.exit(f"{trace} has more lanes than one ({trace}.1): replay them side by side as run.sh does")


def run_kb():
    subprocess.run([kb, "--db", db, "--read-only", "query", query],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)


def run_sqlite3(path):
    with open(path) as statements:
        subprocess.run(["sqlite3", "-readonly", db], stdin=statements,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)


jobs = {"kb": run_kb, "ranked": lambda: run_sqlite3(ranked), "trace": lambda: run_sqlite3(trace)}
names = list(jobs)
times = {name: [] for name in names}
for name in names:
    jobs[name]()
for index in range(n):
    for name in names[index % 3:] + names[:index % 3]:
        start = time.perf_counter()
        jobs[name]()
        times[name].append(time.perf_counter() - start)
medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
print(f"kb {medians['kb']:.2f} ms  ranked {medians['ranked']:.2f} ms  trace {medians['trace']:.2f} ms  "
      f"kb/ranked {medians['kb'] / medians['ranked']:.2f}  kb/trace {medians['kb'] / medians['trace']:.2f}")
