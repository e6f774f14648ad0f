#!/usr/bin/env bash
# kb's APA 7 reference list of N synthetic items vs citeproc-py's (render_apa.py, the peer the
# shared validators time in bench.sh) on the same items (issue 4). Whole process, wall clock.
# Usage: Benchmarks/apa-export.sh [N] [PYTHON] [PEER_RUNS]   (defaults: 10000, .venv/bin/python, 1)
# kb runs 3 times (median); citeproc-py PEER_RUNS times (about a minute each for 10,000 here).
set -euo pipefail
N=${1:-10000}
PY=${2:-.venv/bin/python}
PEER_RUNS=${3:-1}
. "$(dirname "$0")/common.sh"
"$PY" "$SHARED/validators/gen_synthetic.py" "$N" "$WORK/syn" >/dev/null

# A KB holding exactly the N items: empty seeds, then the CSL-JSON import.
mkdir "$WORK/seeds" && echo "sources: []" > "$WORK/seeds/empty.yaml"
"$KB" --db "$WORK/kb.sqlite" init --seeds "$WORK/seeds" 2>/dev/null
"$KB" --db "$WORK/kb.sqlite" import "$WORK/syn.json" 2>/dev/null


kb_runs=()
for run in 1 2 3; do
    kb_runs+=("$(seconds "$KB" --db "$WORK/kb.sqlite" --read-only export sources --style apa -o "$WORK/kb.apa.txt")")
done
peer_runs=()
for run in $(seq "$PEER_RUNS"); do
    peer_runs+=("$(seconds sh -c "'$PY' '$SHARED/validators/render_apa.py' '$WORK/syn.json' > '$WORK/citeproc.apa.txt'")")
done
kb_median=$(printf '%s\n' "${kb_runs[@]}" | median)
peer_median=$(printf '%s\n' "${peer_runs[@]}" | median)
printf 'kb export --style apa, %s items:      %s s (runs: %s), %s lines\n' "$N" "$kb_median" "${kb_runs[*]}" "$(wc -l < "$WORK/kb.apa.txt")"
printf 'citeproc-py render_apa.py, same items: %s s (runs: %s), %s lines\n' "$peer_median" "${peer_runs[*]}" "$(wc -l < "$WORK/citeproc.apa.txt")"
printf 'ratio citeproc-py / kb: %.0f\n' "$(echo "$peer_median / $kb_median" | bc -l)"
