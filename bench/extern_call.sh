#!/usr/bin/env bash
# bench/extern_call.sh: the cost of a foreign call (issue 14). One tiny C
# function in a shared library (extern_lib.c), called 10^8 times in a loop by
# C (extern_call.c, gcc -O2), by a `beskid build --release` executable and by
# `beskid run` (extern_call.bd). Checks the three print the same checksum, then
# times each (hyperfine when installed, else the median of RUNS runs with
# `date`), and prints a Markdown table. Usage: bench/extern_call.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
BESKID=${BESKID:-build/release/beskid}
[ -x "$BESKID" ] || { echo "build $BESKID first (make MODE=release)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
gcc -O2 -shared -fPIC -o "$dir/libbeskid_bench_extern.so" bench/extern_lib.c
gcc -O2 -o "$dir/c" bench/extern_call.c -L"$dir" -lbeskid_bench_extern -Wl,-rpath,"$dir"
export LD_LIBRARY_PATH="$dir" LIBRARY_PATH="$dir"
"$BESKID" build bench/extern_call.bd --release --plain -o "$dir/exe" > /dev/null
want=$("$dir/c")
for cmd in "$dir/exe" "$BESKID run bench/extern_call.bd"; do
    got=$($cmd | sed -n 1p)
    [ "$got" = "$want" ] || { echo "checksum mismatch: $cmd printed '$got', C '$want'" >&2; exit 1; }
done
echo "checksum: $want"
median_ms() {
    local times=()
    for _ in $(seq "$RUNS"); do
        local start end
        start=$(date +%s%N)
        "$@" > /dev/null
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}
c=$(median_ms "$dir/c")
exe=$(median_ms "$dir/exe")
"$BESKID" run bench/extern_call.bd > /dev/null # fill the compiled-code cache
run=$(median_ms "$BESKID" run bench/extern_call.bd)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
per_call() { awk -v t="$1" 'BEGIN { printf "%.2f", t * 1e6 / 1e8 }'; }
echo
echo "Medians of $RUNS runs, 10^8 calls each; ns/call = time / 10^8 (loop included)."
echo
echo "| driver | time (ms) | ns/call | / C |"
echo "|---|---:|---:|---:|"
echo "| gcc -O2 calling the .so | $c | $(per_call "$c") | 1.00× |"
echo "| beskid build --release | $exe | $(per_call "$exe") | $(ratio "$exe" "$c") |"
echo "| beskid run (cached code) | $run | $(per_call "$run") | $(ratio "$run" "$c") |"
