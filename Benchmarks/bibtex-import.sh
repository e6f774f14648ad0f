#!/usr/bin/env bash
# kb's whole import of N synthetic BibTeX entries vs bibtexparser's parse alone (issue 3).
# Usage: Benchmarks/bibtex-import.sh [N] [PYTHON]   (defaults: 10000, .venv/bin/python)
# Prints the median of 3 runs of each, wall clock, whole process, and the ratio.
set -euo pipefail
N=${1:-10000}
PY=${2:-.venv/bin/python}
. "$(dirname "$0")/common.sh"
"$PY" "$SHARED/validators/gen_synthetic.py" "$N" "$WORK/syn" >/dev/null


kb_runs=()
for run in 1 2 3; do
    rm -f "$WORK"/kb.sqlite*
    "$KB" --db "$WORK/kb.sqlite" stats >/dev/null 2>&1   # the seed KB exists before timing
    kb_runs+=("$(seconds "$KB" --db "$WORK/kb.sqlite" import "$WORK/syn.bib")")
done
# What SQLite alone needs to store the same rows in kb's schema: the sources, contributors,
# citation keys and full-text entries kb wrote, and the import's run-log row and change-log rows
# (one per source added, since the change log of issue 10; not copied before 2026-12-04), copied
# with INSERT … SELECT from the last run's KB into a fresh seed KB (no parsing, no matching), in
# one transaction as kb writes them.
floor_runs=()
for run in 1 2 3; do
    rm -f "$WORK"/floor.sqlite*
    "$KB" --db "$WORK/floor.sqlite" stats >/dev/null 2>&1
    floor_runs+=("$(seconds sqlite3 "$WORK/floor.sqlite" "PRAGMA cache_size = -262144; ATTACH '$WORK/kb.sqlite' AS k;
        CREATE TEMP TABLE seed AS SELECT max(id) AS last, (SELECT max(id) FROM main.changes) AS lastChange,
            (SELECT coalesce(max(id), 0) FROM main.importRun) AS lastRun FROM main.source;
        BEGIN;
        INSERT INTO kbSetting (name, value) VALUES ('deferSearchIndex', '1');
        INSERT INTO main.source SELECT * FROM k.source WHERE id > (SELECT last FROM seed);
        INSERT INTO main.contributor SELECT * FROM k.contributor WHERE sourceId > (SELECT last FROM seed);
        INSERT INTO main.sourceKey SELECT * FROM k.sourceKey;
        INSERT INTO main.sourceSearch (rowid, title, containerTitle)
            SELECT id, title, containerTitle FROM main.source WHERE id > (SELECT last FROM seed);
        DELETE FROM kbSetting WHERE name = 'deferSearchIndex';
        INSERT INTO main.importRun SELECT * FROM k.importRun WHERE id > (SELECT lastRun FROM seed);
        INSERT INTO main.changes SELECT * FROM k.changes WHERE id > (SELECT lastChange FROM seed);
        COMMIT;")")
done
stored=$(sqlite3 "$WORK/floor.sqlite" "SELECT count(*) FROM source")
logged=$(sqlite3 "$WORK/floor.sqlite" "SELECT count(*) FROM changes")
py_runs=()
for run in 1 2 3; do
    py_runs+=("$(seconds "$PY" -c "import bibtexparser,sys; l=bibtexparser.parse_file(sys.argv[1]); assert len(l.entries)==$N" "$WORK/syn.bib")")
done
kb_median=$(printf '%s\n' "${kb_runs[@]}" | median)
py_median=$(printf '%s\n' "${py_runs[@]}" | median)
printf 'kb import (parse, match, write, FTS, commit), %s entries: %s s (runs: %s)\n' "$N" "$kb_median" "${kb_runs[*]}"
printf 'bibtexparser 2 parse_file alone:                %s s (runs: %s)\n' "$py_median" "${py_runs[*]}"
floor_median=$(printf '%s\n' "${floor_runs[@]}" | median)
printf 'ratio bibtexparser / kb: %.2f\n' "$(echo "$py_median / $kb_median" | bc -l)"
printf 'SQLite alone storing the same rows (%s sources, %s change-log rows in all): %s s (runs: %s)\n' "$stored" "$logged" "$floor_median" "${floor_runs[*]}"
printf 'ratio kb / SQLite alone (goal <= 2): %.2f\n' "$(echo "$kb_median / $floor_median" | bc -l)"
