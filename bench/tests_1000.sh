#!/usr/bin/env bash
# bench/tests_1000.sh — `beskid test` on a file of many tests (see bench/README.md).
#
#   bench/tests_1000.sh [--runs N] [--jobs J ...] [COUNT]
#
# Generates a program with COUNT tests (default 1000), each doing a little
# work (a loop and a string); every 100th test panics, every 250th divides by
# zero and one overflows its stack. Checks that exactly those fail (reasons
# `panic: …`) and every other test passes, then times `beskid test` on it
# (wall time with /usr/bin/time, cold and warm compiled-code cache) for each
# --jobs value (default: 1 and the number of CPUs) and prints a Markdown table
# on stdout (progress on stderr). Uses build/release/beskid (built with
# `make MODE=release` if it is missing).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
BESKID="$ROOT/build/release/beskid"
RUNS=1
COUNT=1000
JOBS=()

while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "tests_1000.sh: --runs needs a positive number" >&2; exit 2; }
                RUNS=$2; shift 2 ;;
        --jobs) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "tests_1000.sh: --jobs needs a positive number" >&2; exit 2; }
                JOBS+=("$2"); shift 2 ;;
        -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "tests_1000.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
        *) [[ "$1" =~ ^[1-9][0-9]*$ ]] || { echo "tests_1000.sh: COUNT must be a positive integer, got '$1'" >&2; exit 2; }
           COUNT=$1; shift ;;
    esac
done
[[ ${#JOBS[@]} -gt 0 ]] || JOBS=(1 "$(nproc)")

log() { printf '[tests_1000] %s\n' "$*" >&2; }
die() { printf '[tests_1000] ERROR: %s\n' "$*" >&2; exit 1; }

if [[ ! -x "$BESKID" ]]; then
    log "building beskid (make MODE=release)"
    make -C "$ROOT" MODE=release -j2 >&2 || die "'make MODE=release' failed"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/beskid-tests.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"
SRC="$WORK/tests.bd"
OVERFLOW=$((COUNT / 2 + 1))

{
    echo 'i64 Work(i64 n) { i64 mut s = 0; for i in range(0, n) { s = s + i * i; } return s; }'
    echo 'i64 Fib(i64 n) { if n < 2 { return n; } return Fib(n - 1) + Fib(n - 2); }'
    echo 'i32 Divide(i32 a, i32 b) { return a / b; }'
    for ((i = 1; i <= COUNT; i++)); do
        if ((i == OVERFLOW)); then
            echo "test T$i { i64 d = Fib(1000000000); __syscall_write(1, \"\${d}\"); }"
        elif ((i % 250 == 0)); then
            echo "test T$i { i32 z = Divide($i, 0); }"
        elif ((i % 100 == 0)); then
            echo "test T$i { __panic_str(\"test $i gives up\"); }"
        else
            echo "test T$i { i64 s = Work($i); string t = \"\${s}\"; if __str_len(t) == 0 { __panic_str(\"empty\"); } }"
        fi
    done
} > "$SRC"
EXPECT_FAIL=$(grep -c -e 'Fib(1000000000)' -e 'Divide(' -e 'gives up' "$SRC")
EXPECT_FAIL=$((EXPECT_FAIL - 1)) # the definition of Divide
log "$COUNT tests in $SRC; $EXPECT_FAIL should fail"

printf '| command | wall (s) | user (s) | sys (s) | peak RSS (MB) | passed | failed |\n|---|---:|---:|---:|---:|---:|---:|\n'
for jobs in "${JOBS[@]}"; do
    for ((run = 1; run <= RUNS; run++)); do
        for cache in cold warm; do
            [[ $cache == cold ]] && rm -rf "$XDG_CACHE_HOME"
            set +e
            /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$BESKID" test "$SRC" -j "$jobs" > "$WORK/out" 2> "$WORK/err"
            status=$?
            set -e
            [[ $status -eq 1 ]] || die "expected exit 1 (some tests fail), got $status: $(tail -3 "$WORK/err")"
            summary=$(grep '^Result:' "$WORK/out") || die "no Result line"
            passed=$(sed -E 's/.*passed=([0-9]+).*/\1/' <<< "$summary")
            failed=$(sed -E 's/.*failed=([0-9]+).*/\1/' <<< "$summary")
            [[ $failed -eq $EXPECT_FAIL && $passed -eq $((COUNT - EXPECT_FAIL)) ]] ||
                die "expected $((COUNT - EXPECT_FAIL)) passed and $EXPECT_FAIL failed, got: $summary"
            bad=$(grep '^FAIL ' "$WORK/out" | grep -cv ': panic: ' || true)
            [[ $bad -eq 0 ]] || die "a failure that is not a panic: $(grep '^FAIL ' "$WORK/out" | grep -v ': panic: ' | head -1)"
            grep -q "^FAIL T$OVERFLOW: panic: stack overflow$" "$WORK/out" || die "T$OVERFLOW did not overflow its stack"
            read -r wall user sys rss < <(tail -1 "$WORK/time")
            printf '| test -j %s, %s cache | %s | %s | %s | %d | %s | %s |\n' "$jobs" "$cache" "$wall" "$user" "$sys" \
                $((rss / 1024)) "$passed" "$failed"
        done
    done
done
# The front half alone (`--list` compiles nothing with the JIT and runs nothing).
/usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$BESKID" test "$SRC" --list > /dev/null
read -r wall user sys rss < <(tail -1 "$WORK/time")
printf '| test --list (front end only) | %s | %s | %s | %d | | |\n' "$wall" "$user" "$sys" $((rss / 1024))
