#!/usr/bin/env bash
# Times kb serve's results page (the matches and their six facets, issue 16) over a large KB:
# curl's total time (wall) and the server's CPU (user + sys, from /proc before and after each
# request: the machine is often shared, CPU is the figure to compare), RUNS runs each, medians.
# Usage: Benchmarks/facets.sh KB_BINARY KB.sqlite [RUNS] [PORT]   (kb-net beside KB_BINARY: `swift build -c release` builds both)
set -euo pipefail
KB=${1:?kb binary}
DB=${2:?KB.sqlite}
RUNS=${3:-3}
PORT=${4:-18731}
TICKS=$(getconf CLK_TCK)
"$KB" serve --db "$DB" --read-only --port "$PORT" --time-limit 120s 2>/dev/null &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
    sleep 0.2
done
cpu() { awk '{ print $14 + $15 }' "/proc/$SERVER/stat"; }
page() {
    local query=$1 rows=()
    for _ in $(seq "$RUNS"); do
        local before after wall
        before=$(cpu)
        wall=$(curl -s -o /dev/null -w '%{time_total}' -G "http://127.0.0.1:$PORT/query" --data-urlencode "q=$query")
        after=$(cpu)
        rows+=("$wall $(( after - before ))")
    done
    printf '%s\n' "${rows[@]}" | python3 -c '
import sys, statistics
runs = [list(map(float, line.split())) for line in sys.stdin if line.strip()]
wall, ticks = (statistics.median(column) for column in zip(*runs))
print(f"{sys.argv[1]}: median of {len(runs)}: {wall:.2f} s wall, {ticks / float(sys.argv[2]):.2f} s CPU (server, user + sys)")
' "$query" "$TICKS"
}
page "claims"
page "claims where has cohort and (missing source or missing n or replication=unknown) rank by strength"
page "claims for role-0010 where cohort=older-workers and n >= 100 rank by relevance limit 20"
