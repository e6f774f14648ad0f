#!/usr/bin/env bash
# kb check of a 10,000-word page against a large KB (issue 17): the page is drawn from the KB's
# own sources and claims by Benchmarks/check_page.py (cited and uncited findings, altered numbers,
# quotes, narrative, works the KB lacks, a numbered reference list), then `kb --read-only check`
# runs 3 times. Prints each run's wall, user and system seconds and peak RSS
# (/usr/bin/time -f "%e %U %S %M"), the median wall with its CPU (user + sys), and the counts per
# class. The KB is opened read-only and never written.
# Usage: Benchmarks/check-page.sh KB.sqlite [WORDS]
#   KB_BIN  the kb binary (default: the release build, `swift build -c release --product kb`)
#   RUNS    runs (default 3)
set -euo pipefail
KB_DB=${1:?usage: Benchmarks/check-page.sh KB.sqlite [WORDS]}
WORDS=${2:-10000}
RUNS=${RUNS:-3}
cd "$(dirname "$0")/.."
if [ -z "${KB_BIN:-}" ]; then
    swift build -c release --product kb >/dev/null
    KB_BIN=$(swift build -c release --show-bin-path)/kb
fi
[ -x "$KB_BIN" ] || { echo "check-page.sh: no kb binary at $KB_BIN" >&2; exit 1; }
[ -f "$KB_DB" ] || { echo "check-page.sh: no KB at $KB_DB" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 Benchmarks/check_page.py "$KB_DB" "$WORK/page.md" --words "$WORDS"
echo "page: $(wc -w < "$WORK/page.md") words, $(wc -l < "$WORK/page.md") lines"

: > "$WORK/times"
for run in $(seq "$RUNS"); do
    /usr/bin/time -o "$WORK/time" -f "%e %U %S %M" "$KB_BIN" --db "$KB_DB" --read-only check "$WORK/page.md" --format json \
        > "$WORK/report.json" 2> "$WORK/stderr" || { cat "$WORK/stderr" >&2; exit 1; }
    read -r wall user sys rss < "$WORK/time"
    printf 'run %s: %s s wall, %s s user, %s s sys, %s KB peak RSS\n' "$run" "$wall" "$user" "$sys" "$rss"
    echo "$wall $user $sys" >> "$WORK/times"
done
sort -n "$WORK/times" | awk -v runs="$RUNS" 'NR == int((runs + 1) / 2) {
    printf "median of %d: %s s wall, %.2f s CPU (user %s + sys %s)\n", runs, $1, $2 + $3, $2, $3 }'
python3 - "$WORK/report.json" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
print("counts per class: " + ", ".join(f"{k} {v}" for k, v in sorted(report.get("counts", {}).items())))
EOF
