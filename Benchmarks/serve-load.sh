#!/usr/bin/env bash
# kb serve under load (issue 16; BENCHMARKS.md, "kb serve under load"). One command:
#
#   Benchmarks/serve-load.sh KB.sqlite        (e.g. the 1M-claim KB Benchmarks/run.sh 1000000 builds)
#
# Copies the KB (never serves the original), starts `kb serve` (a static release build) on a free
# loopback port, measures each page's single-request time (median of 5, after a warm-up), then
# runs wrk (16 connections, 2 threads, 30 s, --timeout 30s) against (a) the results page and
# /api/query of the benchmark's subject query and (b) a mixed set (serve-load.lua: the saved
# queries' results pages, claim and source pages, a BibTeX export). Then Datasette 0.65.5
# (a venv under /tmp) serves the same copy on /kb/claim?grade=moderate&_facet=replication, side by
# side. Prints requests/s, p50, p99, errors, the single-request time and the goals
# (throughput >= 80% of 2 / single; p99 <= 4 x single; zero errors), and, for the mixed set,
# each path's p50 and p99 from the server's --access-log against p99 <= 2 x (C / cores) x single.
# Environment: DURATION (30s), CONNECTIONS (16), KB_BIN (a kb binary, with its kb-net beside it, instead of building them),
# SERVE_DB (a postgresql:// database holding the same rows as KB.sqlite, e.g. the cluster
# `KEEP_CLUSTER=1 Benchmarks/pg-run.sh KB.sqlite` leaves: kb serve serves it instead of the copy,
# the same pages; Datasette is then left out), SKIP_DATASETTE=1.
set -euo pipefail
SOURCE_KB=${1:?usage: Benchmarks/serve-load.sh KB.sqlite (a 1M-claim KB: python3 Benchmarks/generate.py 1000000 DIR, imported as Benchmarks/run.sh does)}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-16}
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -f "$SOURCE_KB" ] || { echo "no KB at $SOURCE_KB: python3 Benchmarks/generate.py 1000000 DIR and import it as Benchmarks/run.sh does" >&2; exit 1; }
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }; }
if [ -z "${KB_BIN:-}" ]; then
    # kb's own modules afresh (see common.sh: a stale incremental build once printed garbage).
    rm -rf .build-bench/release/KB*.build .build-bench/release/kb.build .build-bench/release/kb-net.build .build-bench/release/kb-embed*.build
    KB_STATIC_CXX=1 swift build -c release --product kb --static-swift-stdlib --scratch-path .build-bench >/dev/null
    # kb-net beside kb: kb hands it `kb serve` and commands on PostgreSQL.
    KB_STATIC_CXX=1 swift build -c release --product kb-net --static-swift-stdlib --scratch-path .build-bench >/dev/null
    KB_BIN=$(KB_STATIC_CXX=1 swift build -c release --static-swift-stdlib --scratch-path .build-bench --show-bin-path)/kb
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kb-serve-load.XXXXXX")
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
cp "$SOURCE_KB" "$WORK/kb.sqlite"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 600); do curl -fs -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1" >&2; exit 1; }
urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

PORT=$(free_port)
SERVED=${SERVE_DB:-$WORK/kb.sqlite}
"$KB_BIN" serve --db "$SERVED" --port "$PORT" --time-limit 30s --access-log "$WORK/access.log" 2>"$WORK/serve.log" &
PIDS+=($!)
BASE="http://127.0.0.1:$PORT"
wait_for "$BASE/static/kb.css"

SKIP_SINGLE=${SKIP_SINGLE:-0}   # 1: only the mixed set and Datasette
SUBJECT="claims for role-0010 where cohort=older-workers and n >= 100 rank by relevance limit 20"
Q=$(urlencode "$SUBJECT")

# single PATH: the median of 5 sequential requests (after one warm-up), in seconds.
single() {
    curl -fs -o /dev/null "$BASE$1" || { echo "failed: $1" >&2; exit 1; }
    for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total}\n' "$BASE$1"; done | sort -n | sed -n 3p
}

# load LABEL SINGLE_SECONDS wrk-arguments...: one wrk run and its line of the table.
load() {
    local label=$1 single=$2; shift 2
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 30s --latency "$@" >"$WORK/wrk.txt" 2>&1
    python3 - "$label" "$single" "$WORK/wrk.txt" "$CONNECTIONS" "$(nproc)" <<'PY'
import re, sys
label, single, text = sys.argv[1], float(sys.argv[2]), open(sys.argv[3]).read()
connections, cores = int(sys.argv[4]), int(sys.argv[5])
def seconds(value, unit):
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
lat = {p: seconds(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)}
errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", text) or [0, 0])[1])
requests = int(re.search(r"(\d+) requests in", text).group(1))
limit = 2 / single if single > 0 else float("inf")
print(f"| {label} | {requests} | {rps:.1f} | {lat.get('50', 0) * 1000:.0f} ms | {lat.get('99', 0) * 1000:.0f} ms | {errors + non2xx} "
      f"| {single * 1000:.0f} ms | {limit:.1f} | {'yes' if rps >= 0.8 * limit else 'no'} ({rps / limit * 100:.0f}%) "
      f"| {'yes' if lat.get('99', 0) <= 4 * single else 'no'} ({lat.get('99', 0) / single:.1f}×) "
      # Little's law: with C requests in flight on `cores` cores, each waits about C ÷ cores
      # single times; p99 against that bound says whether the server adds delay of its own.
      f"| {lat.get('99', 0) / (max(1, connections / cores) * single):.2f} |")
PY
}

echo "kb serve under load: $(basename "$SOURCE_KB") ($(sqlite3 "$WORK/kb.sqlite" 'SELECT count(*) FROM claim' 2>/dev/null || echo '?') claims)${SERVE_DB:+ in PostgreSQL (${SERVE_DB%%\?*})}, $CONNECTIONS connections, $DURATION, $(nproc) cores"
echo
echo "| target | requests | requests/s | p50 | p99 | errors | single | 2 ÷ single | ≥ 80%? | p99 ≤ 4× single? | p99 ÷ (C÷cores × single) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
RESULTS="/query?q=$Q"
API="/api/query?q=$Q"
if [ "$SKIP_SINGLE" != 1 ]; then
    load "results page (subject query)" "$(single "$RESULTS")" "$BASE$RESULTS"
    load "/api/query (subject query)" "$(single "$API")" "$BASE$API"
fi

# The mixed set: every saved query's results page, 10 claim and 10 source pages, a BibTeX export.
# (the saved queries are the home page's links followed by their text in <code>; its map's cells link to queries too)
curl -fs "$BASE/" | grep -o '<li><a href="/query?q=[^"]*">[^<]*</a> <code' | grep -o 'href="[^"]*"' | sed 's/^href="//; s/"$//; s/&amp;/\&/g' | sort -u >"$WORK/paths.txt"
curl -fs "$BASE/api/query?q=$(urlencode 'claims where n >= 100 rank by strength')&limit=10" \
    | python3 -c 'import json, sys; [print("/claims/" + r["claim"]["id"]) for r in json.load(sys.stdin)["results"]]' >>"$WORK/paths.txt"
curl -fs "$BASE/api/query?q=$(urlencode 'sources rank by year')&limit=10" \
    | python3 -c 'import json, sys; [print("/sources/" + r["id"]) for r in json.load(sys.stdin)["results"]]' >>"$WORK/paths.txt"
echo "/api/export?q=$(urlencode 'claims for role-0010 where grade >= moderate limit 50')&style=bibtex" >>"$WORK/paths.txt"
# The mix's single time: the mean of its paths' single times (each path equally often).
# A path this KB does not answer with 2xx (a saved query naming the seeds' nodes, on a generated
# KB without them) is left out of the mix, and said.
while read -r path; do
    if seconds=$(single "$path" 2>/dev/null) && [ -n "$seconds" ]; then echo "$seconds $path"; else echo "left out of the mix (not 2xx on this KB): $path" >&2; fi
done <"$WORK/paths.txt" >"$WORK/singles.txt"
cut -d' ' -f2- "$WORK/singles.txt" >"$WORK/paths.txt"
MIX_SINGLE=$(awk '{ s += $1 } END { print s / NR }' "$WORK/singles.txt")
sleep 2   # the access log is written at least once a second: what came before the mix is in it
LOG_START=$(stat -c %s "$WORK/access.log")
KB_LOAD_PATHS="$WORK/paths.txt" load "mixed ($(wc -l <"$WORK/paths.txt") paths)" "$MIX_SINGLE" -s Benchmarks/serve-load.lua "$BASE"
sleep 3   # the requests still in flight when wrk stopped finish, and their lines are written
echo
# Per path, from kb serve's access log (wrk reports no latency per path): the server's time for
# each request of the mix (from its arrival in the router to its answer; the time a request
# waits for a reader or a core is in it), p50 and p99 (nearest rank), against the proposed goal
# p99 <= 2 x (connections / cores) x single, with each path's own single time.
echo "per path in the mix (server time from --access-log; goal: p99 <= 2 x (C / cores) x single):"
echo
tail -c +"$((LOG_START + 1))" "$WORK/access.log" >"$WORK/mix.log"
python3 - "$WORK/mix.log" "$WORK/singles.txt" "$CONNECTIONS" "$(nproc)" <<'PY'
import math, sys, urllib.parse
log, singles_file, connections, cores = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
singles = {}
for line in open(singles_file):
    seconds, path = line.split(" ", 1)
    singles[path.strip()] = float(seconds)
times, statuses = {}, {}
for line in open(log):
    fields = line.split()
    if len(fields) != 5 or fields[2] not in singles: continue
    times.setdefault(fields[2], []).append(float(fields[4]) / 1000)
    if not fields[3].startswith("2"): statuses[fields[2]] = statuses.get(fields[2], 0) + 1
def rank(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]
factor = 2 * max(1, connections / cores)
print(f"| path | requests | not 2xx | p50 | p99 | single | goal ({factor:g} × single) | p99 ≤ goal? |")
print("|---|---|---|---|---|---|---|---|")
met = 0
for path in sorted(singles, key=lambda p: -singles[p]):
    values = times.get(path, [])
    shown = urllib.parse.unquote(path).replace("|", "\\|")
    if len(shown) > 90: shown = shown[:87] + "…"
    single, goal = singles[path], factor * singles[path]
    if not values:
        print(f"| `{shown}` | 0 | 0 | — | — | {single * 1000:.0f} ms | {goal * 1000:.0f} ms | — |")
        continue
    p50, p99 = rank(values, 50), rank(values, 99)
    met += p99 <= goal
    print(f"| `{shown}` | {len(values)} | {statuses.get(path, 0)} | {p50 * 1000:.0f} ms | {p99 * 1000:.0f} ms | {single * 1000:.0f} ms "
          f"| {goal * 1000:.0f} ms | {'yes' if p99 <= goal else 'no'} ({p99 / single:.1f}× single) |")
print(f"\n{met} of {len(singles)} paths meet the goal; {sum(len(v) for v in times.values())} requests in the log.")
PY
echo
echo "slowest paths of the mix (single request):"
sort -rn "$WORK/singles.txt" | head -5 | awk '{ printf "  %.0f ms %s\n", $1 * 1000, $2 }'

[ -z "${SERVE_DB:-}" ] && [ "${SKIP_DATASETTE:-0}" != 1 ] || exit 0
# Datasette side by side, on the same copy (immutable: no locking, as it would serve a published file).
VENV=${DATASETTE_VENV:-${TMPDIR:-/tmp}/kb-datasette-venv}
[ -x "$VENV/bin/datasette" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install --quiet --disable-pip-version-check datasette==0.65.5; }
DPORT=$(free_port)
"$VENV/bin/datasette" serve -i "$WORK/kb.sqlite" --port "$DPORT" --setting sql_time_limit_ms 60000 --setting facet_time_limit_ms 60000 \
    >"$WORK/datasette.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$DPORT/-/versions.json"
DS="/kb/claim?grade=moderate&_facet=replication"
BASE="http://127.0.0.1:$DPORT"
echo
echo "| Datasette $("$VENV/bin/datasette" --version | awk '{ print $NF }') | requests | requests/s | p50 | p99 | errors | single | 2 ÷ single | ≥ 80%? | p99 ≤ 4× single? | p99 ÷ (C÷cores × single) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
load "$DS" "$(single "$DS")" "$BASE$DS"
