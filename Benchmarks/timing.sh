# Timing helpers shared by Benchmarks/run.sh and Benchmarks/pg-run.sh (source it; needs WORK, a
# scratch folder, and GNU time at /usr/bin/time).

# timed COMMAND...: prints "seconds rss_mb" of one run (the command's output discarded).
timed() {
    local start end
    start=$(date +%s.%N)
    /usr/bin/time -o "$WORK/time" -f "%M" "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    echo "$(echo "$end - $start" | bc) $(tail -1 "$WORK/time")" | awk '{ printf "%.4f %.0f\n", $1, $2 / 1024 }'
}
# median_of FILE: median of column 1, max of column 2.
median_of() { sort -n "$1" | awk '{ a[NR] = $1; if ($2 > m) m = $2 } END { printf "%.4f %d", a[int((NR + 1) / 2)], m }'; }
