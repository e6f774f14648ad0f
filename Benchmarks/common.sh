# Shared by the benchmark scripts: a static release build of kb, a scratch folder, and timing helpers.
# Source it after setting N and PY; it sets KB, WORK (removed on exit) and SHARED.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT_DIR=$(pwd)
SHARED=${KB_SHARED:-../shared}
# A statically linked release build (as one would install it), apart from the CI's build.
# kb's own modules are compiled afresh every time: an incremental build here once kept a stale
# struct layout across modules and the binary printed garbage (a group-by total of 140731772941520).
# KB_BIN names a kb binary built that way instead (e.g. to time one build in several scripts).
if [ -n "${KB_BIN:-}" ]; then
    KB=$KB_BIN
else
    rm -rf .build-bench/release/KB*.build .build-bench/release/kb.build .build-bench/release/kb-embed*.build
    KB_STATIC_CXX=1 swift build -c release --product kb --static-swift-stdlib --scratch-path .build-bench >/dev/null
    KB=$(KB_STATIC_CXX=1 swift build -c release --static-swift-stdlib --scratch-path .build-bench --show-bin-path)/kb
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# median of the numbers on stdin
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# wall-clock seconds of a command, its output discarded
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); echo "$end - $start" | bc; }
