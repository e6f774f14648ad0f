#!/usr/bin/env bash
# kb's benchmark runner (issue 6; BENCHMARKS.md has the figures and how to read them).
#
# Usage: Benchmarks/run.sh [SIZE...]        default: 10000 100000 1000000
# Environment: RUNS (default 3) runs per timing, median reported; QUERY_RUNS (default 9);
#   BENCH_DIR (default $TMPDIR/kb-bench) keeps the generated files between runs; PY (.venv/bin/python);
#   SKIP_APA=1 leaves out the APA export against citeproc-py (about a minute).
# Needs: sqlite3 (CLI), GNU time (/usr/bin/time), bc, python3 with venv; makes .venv if missing and
# installs sqlite-utils into it (and, for the APA export, the shared validators' requirements).
#
# For each size: the generator's claims are imported by kb, by sqlite-utils (insert --nl, then
# enable-fts and create-index on the same columns) and by the floor (Benchmarks/floor.sql: the
# sqlite3 CLI loading the same rows into kb's own schema, checked to be the same rows by
# Benchmarks/same-rows.sql); a subject query and a full-text query
# run whole-process through kb and through the sqlite3 CLI on the same database, twice: the SQL kb
# compiles the query to (the ranked statement, and the count when kb counts), and every statement
# the kb process ran (Benchmarks/sql-trace.c records them: opening, the ranked statement, the count,
# and the statements that load the shown claims' sources, studies and subjects). At the largest
# size the audit runs too. Every figure is wall-clock seconds, the median of the runs, and peak RSS
# (max over the runs) in MB.
# Needs besides: a C compiler and libsqlite3-dev (for sql-trace.c).
set -euo pipefail
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000 1000000)
RUNS=${RUNS:-3}
QUERY_RUNS=${QUERY_RUNS:-9}
N=${SIZES[0]}
PY=${PY:-.venv/bin/python}
. "$(dirname "$0")/common.sh"
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/kb-bench}
mkdir -p "$BENCH_DIR"
# The Python tools, in the project's .venv (made here on a fresh clone; .ci/run makes the same one).
[ -x .venv/bin/python ] || python3 -m venv .venv
[ -x .venv/bin/sqlite-utils ] || .venv/bin/python -m pip install --quiet --disable-pip-version-check sqlite-utils
if [ "${SKIP_APA:-0}" != 1 ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$SHARED/validators/requirements.txt"
fi
SU=$(pwd)/.venv/bin/sqlite-utils

. "$ROOT_DIR/Benchmarks/timing.sh"
cc -O2 -shared -fPIC -o "$WORK/sql-trace.so" Benchmarks/sql-trace.c -ldl -lpthread -lsqlite3

printf '%-58s %10s %8s\n' "measure" "seconds" "RSS MB"
report() { printf '%-58s %10s %8s\n' "$1" "$2" "$3"; }

for SIZE in "${SIZES[@]}"; do
    GEN="$BENCH_DIR/gen-$SIZE"
    # (Again when the floor's files are from before they carried each row's line and name key.)
    if [ ! -f "$GEN/claims.csv" ] || ! head -1 "$GEN/floor/authors.csv" | grep -q 'name_key'; then
        "$PY" Benchmarks/generate.py "$SIZE" "$GEN" >/dev/null
    fi
    # A KB with kb's schema and the generated taxonomy, copied before every import.
    if [ ! -f "$GEN/base.sqlite" ]; then
        mkdir -p "$GEN/seeds" && echo "sources: []" > "$GEN/seeds/empty.yaml"
        "$KB" --db "$GEN/base.sqlite" init --seeds "$GEN/seeds" 2>/dev/null
        "$KB" --db "$GEN/base.sqlite" import "$GEN/taxonomy.yaml" >/dev/null 2>&1
    fi

    : > "$WORK/kb" ; : > "$WORK/floor" ; : > "$WORK/su"
    for run in $(seq "$RUNS"); do
        rm -f "$GEN"/run.sqlite*; cp "$GEN/base.sqlite" "$GEN/run.sqlite"
        timed "$KB" --db "$GEN/run.sqlite" import "$GEN/claims.csv" --map "$GEN/claims.mapping.yaml" >> "$WORK/kb"
        rm -f "$GEN"/floor.sqlite*; cp "$GEN/base.sqlite" "$GEN/floor.sqlite"
        { echo "PRAGMA temp_store = MEMORY;"; echo ".parameter set @file \"'$GEN/claims.csv'\""; cat Benchmarks/floor.sql; } > "$WORK/floor.sql"
        (cd "$GEN" && timed sh -c "sqlite3 floor.sqlite < '$WORK/floor.sql'") >> "$WORK/floor"
        rm -f "$GEN"/su.sqlite*
        timed sh -c "'$SU' insert '$GEN/su.sqlite' claims '$GEN/claims.jsonl' --nl && '$SU' enable-fts '$GEN/su.sqlite' claims statement quote title --fts5 \
            && for c in role skill cohort boundary source_key; do '$SU' create-index '$GEN/su.sqlite' claims \$c; done" >> "$WORK/su"
    done
    # The floor must have stored what kb stored, row for row (not timed).
    if sqlite3 -cmd "ATTACH '$GEN/floor.sqlite' AS floor" "$GEN/run.sqlite" < Benchmarks/same-rows.sql | grep -v '|0$'; then
        echo "the floor's KB differs from kb's at $SIZE claims (rows above: table|rows differing)" >&2
        exit 1
    fi
    read -r kb_s kb_m <<< "$(median_of "$WORK/kb")"
    read -r fl_s fl_m <<< "$(median_of "$WORK/floor")"
    read -r su_s su_m <<< "$(median_of "$WORK/su")"
    report "import $SIZE claims: kb (mapping CSV → graph, FTS, indexes)" "$kb_s" "$kb_m"
    report "import $SIZE claims: floor (sqlite3 .import + INSERT…SELECT)" "$fl_s" "$fl_m"
    report "import $SIZE claims: sqlite-utils (flat table + FTS + indexes)" "$su_s" "$su_m"
    report "  ratio kb / floor" "$(echo "$kb_s / $fl_s" | bc -l | xargs printf '%.2f')" ""
    report "  ratio sqlite-utils / kb" "$(echo "$su_s / $kb_s" | bc -l | xargs printf '%.2f')" ""

    mv "$GEN/run.sqlite" "$GEN/query.sqlite"; rm -f "$GEN"/run.sqlite-*
    for name in subject fulltext; do
        if [ "$name" = subject ]; then QUERY="claims for role-0010 where cohort=older-workers and n >= 100 rank by relevance limit 20"
        else QUERY="claims where \"$(cat "$GEN/fts-terms.txt")\" limit 20"; fi
        # sqlite3 runs what kb runs: the ranked statement, and the count when kb's answer is cut off.
        COUNT=""
        # (kb's notice captured whole: `| grep -q` could stop reading early and, under pipefail, make the test false.)
        NOTICE=$("$KB" --db "$GEN/query.sqlite" --read-only query "$QUERY" 2>&1 >/dev/null)
        case "$NOTICE" in *"showing the first"*) COUNT=--with-count ;; esac
        "$KB" --db "$GEN/query.sqlite" --read-only query "$QUERY" --explain | "$PY" Benchmarks/inline_sql.py $COUNT > "$WORK/$name.sql"
        # Every statement the kb process runs, bound values written in (and the answer checked to be
        # the one kb gives without the trace). A connection kb opens beside the first (the total
        # counted while the ranked rows are read) is a second file, a lane; sqlite3 runs each lane
        # in a process of its own, side by side, as kb runs them. The replay runs under the same
        # `sh -c` as the ranked SQL (bash starts slower than dash), with `&`/`wait` only for lanes.
        rm -f "$WORK/$name.trace.sql"*
        LD_PRELOAD="$WORK/sql-trace.so" KB_SQL_TRACE="$WORK/$name.trace.sql" \
            "$KB" --db "$GEN/query.sqlite" --read-only query "$QUERY" > "$WORK/traced.out" 2>/dev/null
        "$KB" --db "$GEN/query.sqlite" --read-only query "$QUERY" 2>/dev/null | cmp -s - "$WORK/traced.out" \
            || { echo "kb's answer under the SQL trace differs from its answer without it" >&2; exit 1; }
        LANES=()
        for lane in "$WORK/$name.trace.sql" "$WORK/$name.trace.sql".*; do [ -f "$lane" ] && LANES+=("$lane"); done
        [ ${#LANES[@]} -gt 0 ] && [ -s "${LANES[0]}" ] || { echo "the SQL trace of kb's $name query is missing or empty" >&2; exit 1; }
        for lane in "${LANES[@]}"; do sqlite3 -readonly "$GEN/query.sqlite" < "$lane" > /dev/null \
            || { echo "sqlite3 cannot run kb's statements in $lane" >&2; exit 1; }; done
        if [ ${#LANES[@]} -eq 1 ]; then
            REPLAY="sqlite3 -readonly '$GEN/query.sqlite' < '${LANES[0]}'"
        else
            REPLAY=""
            for lane in "${LANES[@]}"; do REPLAY+="sqlite3 -readonly '$GEN/query.sqlite' < '$lane' & "; done
            REPLAY+="wait"
        fi
        STATEMENTS=$(cat "${LANES[@]}" | grep -cx ';')
        : > "$WORK/q-kb" ; : > "$WORK/q-sql" ; : > "$WORK/q-all"
        for run in $(seq "$QUERY_RUNS"); do
            timed "$KB" --db "$GEN/query.sqlite" --read-only query "$QUERY" >> "$WORK/q-kb"
            timed sh -c "sqlite3 -readonly '$GEN/query.sqlite' < '$WORK/$name.sql'" >> "$WORK/q-sql"
            timed sh -c "$REPLAY" >> "$WORK/q-all"
        done
        read -r q_s q_m <<< "$(median_of "$WORK/q-kb")"
        read -r s_s s_m <<< "$(median_of "$WORK/q-sql")"
        read -r a_s a_m <<< "$(median_of "$WORK/q-all")"
        report "$name query at $SIZE: kb query (whole process)" "$q_s" "$q_m"
        report "$name query at $SIZE: the same SQL through sqlite3${COUNT:+ (ranked + count)}" "$s_s" "$s_m"
        report "  ratio kb / sqlite3" "$(echo "$q_s / $s_s" | bc -l | xargs printf '%.2f')" ""
        report "$name query at $SIZE: sqlite3 replaying kb's $STATEMENTS statements (${#LANES[@]} lane(s))" "$a_s" "$a_m"
        # (The subject query's replay does more than kb: sqlite3 reads every row of the strength
        # walk that kb stops reading at its limit, and runs to its end the count kb interrupts
        # when the answer is not cut off. Its ratio is indicative only.)
        INDICATIVE=""; [ "$name" != subject ] || INDICATIVE=" (indicative)"
        report "  ratio kb / the replay$INDICATIVE" "$(echo "$q_s / $a_s" | bc -l | xargs printf '%.2f')" ""
    done
done

LARGEST="$BENCH_DIR/gen-${SIZES[${#SIZES[@]}-1]}"
: > "$WORK/audit"
for run in $(seq "$RUNS"); do timed "$KB" --db "$LARGEST/query.sqlite" --read-only audit --format json >> "$WORK/audit"; done
read -r a_s a_m <<< "$(median_of "$WORK/audit")"
report "audit of the ${SIZES[${#SIZES[@]}-1]}-claim KB (all rules, JSON)" "$a_s" "$a_m"

if [ "${SKIP_APA:-0}" != 1 ]; then
    echo
    bash Benchmarks/apa-export.sh 10000 "$PY" 1
fi
