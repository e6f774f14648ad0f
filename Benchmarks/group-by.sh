#!/usr/bin/env bash
# Times `group by` and `kb map` over a large KB (issue 15): whole process, wall clock and user CPU
# (the machine is often shared: CPU is the figure to compare), RUNS runs each.
# Usage: Benchmarks/group-by.sh KB_BINARY KB.sqlite [RUNS]
# The hand-written SQL for the same aggregates: sqlite3 KB.sqlite < Benchmarks/group-by-peer.sql
# (and map-peer.sql), timed the same way.
set -euo pipefail
KB=${1:?kb binary}
DB=${2:?KB.sqlite}
RUNS=${3:-3}
run() {
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e s wall, %U s user" "$KB" --db "$DB" "$@" 2>&1 >/dev/null | tail -1 | sed "s|^|$* : |"
    done
}
for query in "claims group by cohort" "claims group by design" "claims group by skill" "claims group by year" \
             "sources group by cohort" "sources group by design"; do
    run query "$query"
done
run map cohort boundary
run map design cohort
