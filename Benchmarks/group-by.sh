#!/usr/bin/env bash
# Times `group by` and `kb map` over a large KB (issue 15): whole process, wall clock, user and
# system CPU and peak memory (the machine is often shared: CPU, user + sys, is the figure to
# compare), RUNS runs each, then the median of each column.
# Usage: Benchmarks/group-by.sh KB_BINARY KB.sqlite [RUNS]
# The hand-written SQL for the same aggregates: sqlite3 KB.sqlite < Benchmarks/group-by-peer.sql
# (and map-peer.sql), timed the same way.
set -euo pipefail
KB=${1:?kb binary}
DB=${2:?KB.sqlite}
RUNS=${3:-3}
run() {
    local times=()
    for _ in $(seq "$RUNS"); do
        times+=("$(/usr/bin/time -f "%e %U %S %M" "$KB" --db "$DB" --read-only "$@" 2>&1 >/dev/null | tail -1)")
    done
    printf '%s\n' "${times[@]}" | python3 -c '
import sys, statistics
runs = [list(map(float, line.split())) for line in sys.stdin if line.strip()]
wall, user, sys_, rss = (statistics.median(column) for column in zip(*runs))
print(f"{sys.argv[1]}: median of {len(runs)}: {wall:.2f} s wall, {user + sys_:.2f} s CPU ({user:.2f} user + {sys_:.2f} sys), {rss / 1024:.0f} MB")
' "$*"
}
for query in "claims group by cohort" "claims group by design" "claims group by grade" "claims group by year" \
             "claims group by cohort, boundary" "claims group by skill" "claims group by jurisdiction" "sources group by year" \
             "sources group by design" "sources group by jurisdiction" "sources where year=2019 group by design"; do
    run query "$query"
done
run map cohort boundary
run map design cohort
run map jurisdiction cohort
