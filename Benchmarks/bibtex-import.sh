#!/usr/bin/env bash
# kb's whole import of N synthetic BibTeX entries vs bibtexparser's parse alone (issue 3).
# Usage: Benchmarks/bibtex-import.sh [N] [PYTHON]   (defaults: 10000, .venv/bin/python)
# Prints the median of 3 runs of each, wall clock, whole process, and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
PY=${2:-.venv/bin/python}
SHARED=${KB_SHARED:-../shared}
swift build -c release --product kb >/dev/null
KB=$(swift build -c release --show-bin-path)/kb
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$PY" "$SHARED/validators/gen_synthetic.py" "$N" "$WORK/syn" >/dev/null

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); echo "$end - $start" | bc; }

kb_runs=()
for run in 1 2 3; do
    rm -f "$WORK"/kb.sqlite*
    "$KB" --db "$WORK/kb.sqlite" stats >/dev/null 2>&1   # the seed KB exists before timing
    kb_runs+=("$(seconds "$KB" --db "$WORK/kb.sqlite" import "$WORK/syn.bib")")
done
py_runs=()
for run in 1 2 3; do
    py_runs+=("$(seconds "$PY" -c "import bibtexparser,sys; l=bibtexparser.parse_file(sys.argv[1]); assert len(l.entries)==$N" "$WORK/syn.bib")")
done
kb_median=$(printf '%s\n' "${kb_runs[@]}" | median)
py_median=$(printf '%s\n' "${py_runs[@]}" | median)
printf 'kb import (parse, match, write, FTS, commit), %s entries: %s s (runs: %s)\n' "$N" "$kb_median" "${kb_runs[*]}"
printf 'bibtexparser 2 parse_file alone:                %s s (runs: %s)\n' "$py_median" "${py_runs[*]}"
printf 'ratio bibtexparser / kb: %.2f\n' "$(echo "$py_median / $kb_median" | bc -l)"
