#!/usr/bin/env bash
# PostgreSQL beside SQLite on the same KB (issue 19, item 7): the queries of Benchmarks/run.sh,
# whole-process through kb on both stores, after the SQLite KB's rows are loaded into a throwaway
# PostgreSQL cluster.
#
# Usage: Benchmarks/pg-run.sh SQLITE_KB [FTS_TERMS_FILE]
#   e.g. Benchmarks/pg-run.sh "$BENCH_DIR/gen-1000000/query.sqlite" "$BENCH_DIR/gen-1000000/fts-terms.txt" (run.sh's files)
# Environment: KB (the kb binary, with kb-net beside it: `swift build -c release`; default .build/release/kb), QUERY_RUNS (default 9), PGBIN
#   (default: the newest /usr/lib/postgresql/*/bin), KEEP_CLUSTER=1 leaves the cluster running and
#   prints its URL (stop it with the pg_ctl line printed); SUBJECT (default role-0010, the generator's);
#   IMPORT_GEN (a folder of Benchmarks/generate.py with run.sh's base.sqlite, e.g. $BENCH_DIR/gen-100000)
#   also measures `kb import` of its claims.csv on PostgreSQL against a floor (below), IMPORT_RUNS times
#   (default 3), into a database holding base.sqlite's rows (kb's schema and the taxonomy).
#
# The import measure (IMPORT_GEN): whole-process `kb --db postgresql://… import claims.csv --map
# claims.mapping.yaml` (kb's importer on a staging copy, its rows sent with COPY … FROM STDIN),
# against the floor Benchmarks/pg-floor.sql: psql's `\copy` of the same rows, already split per
# table, and `INSERT … SELECT` into kb's tables, the full-text rows and the change log in one
# transaction, then ANALYZE. Both databases must then hold as many rows in each table.
#
# The query measures' load is not kb's import (it loads the SQLite KB's own rows): `kb init`
# makes the schema, then every table's rows are copied from the SQLite file (`sqlite3 -csv` into
# psql's `\copy`, triggers off as a bulk load does), the tsvector tables are built in one statement
# each with kb_text(), the identity sequences set past the copied ids, and ANALYZE run. So both
# stores hold the same rows, and the answers are compared (JSON, byte for byte) before any timing.
# The cluster runs with fsync=off (a benchmark, not a team's server), on loopback, as `postgres`
# when run as root (initdb refuses root), and is always stopped.
set -euo pipefail
SQLITE_KB=${1:?usage: Benchmarks/pg-run.sh SQLITE_KB [FTS_TERMS_FILE]}
TERMS_FILE=${2:-}
ROOT_DIR=$(cd "$(dirname "$0")/.." && pwd)
KB=${KB:-.build/release/kb}
QUERY_RUNS=${QUERY_RUNS:-9}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
WORK=$(mktemp -d)
chmod 755 "$WORK"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL="postgresql://kb@127.0.0.1:$PORT/kb"
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$WORK/pg"
[ "$(id -u)" = 0 ] && chown postgres "$WORK/pg"
stop() {
    if [ "${KEEP_CLUSTER:-0}" = 1 ]; then
        echo "cluster kept: $URL (stop: runuser -u postgres -- $PGBIN/pg_ctl -D $WORK/pg/data -m fast stop)"
    else
        as_owner "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$WORK"
    fi
}
trap stop EXIT
as_owner "$PGBIN/initdb" -D "$WORK/pg/data" -A trust -U kb -E UTF8 --locale=C.UTF-8 >/dev/null
as_owner "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w \
    -o "-p $PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=1GB -c work_mem=64MB -c maintenance_work_mem=1GB" start >/dev/null
as_owner "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U kb kb
PSQL=("$PGBIN/psql" -q -v ON_ERROR_STOP=1 "$URL")

. "$(dirname "$0")/timing.sh"
report() { printf '%-64s %10s %8s\n' "$1" "$2" "$3"; }

# The schema, by kb itself; then its own rows out (the copy brings the SQLite KB's).
mkdir -p "$WORK/seeds" && echo "sources: []" > "$WORK/seeds/empty.yaml"
"$KB" --db "$URL" init --seeds "$WORK/seeds" 2>/dev/null
TABLES="entity entityAttribute alias edge source contributor notice sourceKey study claim claimAbout claimRelation
        claimReplication note profile profileSkill importRun kbSetting changes"
# load_sqlite URL SQLITE_FILE: the database at URL (kb's schema, by kb init) emptied, then loaded
# with every row of the SQLite KB.
load_sqlite() {
    local url=$1 file=$2 table columns
    local psql=("$PGBIN/psql" -q -v ON_ERROR_STOP=1 "$url")
    "${psql[@]}" -c "TRUNCATE $(echo $TABLES claimSearch sourceSearch | tr ' ' ',') CASCADE"
    for table in $TABLES; do
        columns=$("${psql[@]}" -At -c "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns
                                        WHERE table_schema = 'public' AND table_name = lower('$table')")
        sqlite3 -csv "file:$file?mode=ro" "SELECT $columns FROM $table" \
            | "${psql[@]}" -c "SET session_replication_role = replica" -c "\\copy $table($columns) FROM STDIN WITH (FORMAT csv)"
    done
    "${psql[@]}" <<'SQL'
INSERT INTO claimSearch (claimId, statement, quote, title)
    SELECT c.id, kb_text(c.statement), kb_text(c.quote), kb_text(s.title) FROM claim c LEFT JOIN source s ON s.id = c.sourceId;
INSERT INTO sourceSearch (sourceId, title, containerTitle) SELECT id, kb_text(title), kb_text(containerTitle) FROM source;
DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['entity', 'source', 'notice', 'study', 'claim', 'note', 'profile', 'importrun', 'changes'] LOOP
        EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''id''), coalesce((SELECT max(id) FROM %I), 0) + 1, false)', t, t);
    END LOOP;
END $$;
ANALYZE;
SQL
}

start=$(date +%s.%N)
load_sqlite "$URL" "$SQLITE_KB"
end=$(date +%s.%N)
claims=$("${PSQL[@]}" -At -c "SELECT count(*) FROM claim")
echo "loaded $claims claims into PostgreSQL $("${PSQL[@]}" -At -c 'SHOW server_version') in $(echo "$end - $start" | bc | xargs printf '%.1f') s" \
     "(database $("${PSQL[@]}" -At -c "SELECT pg_size_pretty(pg_database_size('kb'))"); SQLite file $(du -h "$SQLITE_KB" | cut -f1))"

QUERIES=("subject|claims for ${SUBJECT:-role-0010} where cohort=older-workers and n >= 100 rank by relevance limit 20"
         "group by|claims group by cohort"
         "filters|claims where replication=failed and grade=moderate limit 20")
if [ -n "$TERMS_FILE" ]; then QUERIES+=("full text|claims where \"$(cat "$TERMS_FILE")\" limit 20"); fi
printf '%-64s %10s %8s\n' "measure (whole process, median of $QUERY_RUNS)" "seconds" "RSS MB"
for entry in "${QUERIES[@]}"; do
    name=${entry%%|*}; query=${entry#*|}
    "$KB" --db "$SQLITE_KB" --read-only query "$query" --format json > "$WORK/sqlite.json"
    "$KB" --db "$URL" query "$query" --format json > "$WORK/pg.json"
    if cmp -s "$WORK/sqlite.json" "$WORK/pg.json"; then same="same JSON"; else same="JSON DIFFERS"; fi
    : > "$WORK/q-sqlite"; : > "$WORK/q-pg"
    for run in $(seq "$QUERY_RUNS"); do
        timed "$KB" --db "$SQLITE_KB" --read-only query "$query" >> "$WORK/q-sqlite"
        timed "$KB" --db "$URL" query "$query" >> "$WORK/q-pg"
    done
    read -r s_s s_m <<< "$(median_of "$WORK/q-sqlite")"
    read -r p_s p_m <<< "$(median_of "$WORK/q-pg")"
    report "$name at $claims: SQLite" "$s_s" "$s_m"
    report "$name at $claims: PostgreSQL ($same)" "$p_s" "$p_m"
done

# kb import on PostgreSQL against the psql floor, each into a database holding base.sqlite's rows.
if [ -n "${IMPORT_GEN:-}" ]; then
    GEN=$(cd "$IMPORT_GEN" && pwd)
    SERVER="postgresql://kb@127.0.0.1:$PORT"
    : > "$WORK/import-kb"; : > "$WORK/import-floor"
    for run in $(seq "${IMPORT_RUNS:-3}"); do
        for db in kbimport kbfloor; do
            "${PSQL[@]}" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
            "$KB" --db "$SERVER/$db" init --seeds "$WORK/seeds" 2>/dev/null
            load_sqlite "$SERVER/$db" "$GEN/base.sqlite"
        done
        timed "$KB" --db "$SERVER/kbimport" import "$GEN/claims.csv" --map "$GEN/claims.mapping.yaml" >> "$WORK/import-kb"
        (cd "$GEN" && timed "$PGBIN/psql" -q -X -v file="$GEN/claims.csv" "$SERVER/kbfloor" -f "$ROOT_DIR/Benchmarks/pg-floor.sql") >> "$WORK/import-floor"
    done
    # The floor must have stored as many rows as kb in each table (not timed).
    count() { "$PGBIN/psql" -At "$SERVER/$1" -c "SELECT '$2', count(*) FROM $2"; }
    for table in source contributor sourceKey study claim claimAbout claimSearch sourceSearch; do
        if [ "$(count kbimport "$table")" != "$(count kbfloor "$table")" ]; then
            echo "the floor holds other rows than kb's import in $table: $(count kbimport "$table") vs $(count kbfloor "$table")" >&2
            exit 1
        fi
    done
    "$KB" --db "$SERVER/kbimport" import "$GEN/claims.csv" --map "$GEN/claims.mapping.yaml" --verbose 2> "$WORK/reimport" >/dev/null
    imported=$("$PGBIN/psql" -At "$SERVER/kbimport" -c "SELECT count(*) FROM claim")
    read -r ki_s ki_m <<< "$(median_of "$WORK/import-kb")"
    read -r fl_s fl_m <<< "$(median_of "$WORK/import-floor")"
    report "import $imported claims into PostgreSQL: kb (COPY)" "$ki_s" "$ki_m"
    report "import $imported claims into PostgreSQL: floor (psql \\copy + INSERT…SELECT)" "$fl_s" "$fl_m"
    report "  ratio kb / floor" "$(echo "$ki_s / $fl_s" | bc -l | xargs printf '%.2f')" ""
    echo "re-import of the same file: $(grep -E 'added, .* updated' "$WORK/reimport" | tail -1 | sed 's/^kb: //')"
    grep -E '^kb: (time|write):' "$WORK/reimport" | sed 's/^kb: /  re-import /'
fi
