#!/usr/bin/env bash
# Fuzzes kb's query front end (lexer, parser, compiler, and the SQL it writes, run against the seed
# KB) with libFuzzer and AddressSanitizer.
# Usage: Fuzz/run.sh [SECONDS]   (default 600)
# Builds Sources/kb-fuzz with -sanitize=fuzzer,address into .build-fuzz, then runs it on a copy
# of Fuzz/corpus (the seed inputs) for SECONDS. A finding is written as crash-*/timeout-* into
# Fuzz/findings; reproduce it with `swift run kb-fuzz Fuzz/findings/crash-…`.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-600}
swift build --scratch-path .build-fuzz -c release --product kb-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld >/dev/null
BIN=$(swift build --scratch-path .build-fuzz -c release --show-bin-path -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld)/kb-fuzz
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp Fuzz/corpus/* "$WORK/"
mkdir -p Fuzz/findings
"$BIN" "$WORK" -max_total_time="$SECONDS_TO_RUN" -max_len=1024 -timeout=5 -print_final_stats=1 \
    -artifact_prefix=Fuzz/findings/ 2>&1 | grep -E "^(stat::|==|Done|SUMMARY|INFO: Seed)|DONE|crash|deadly|timeout" | tail -20
