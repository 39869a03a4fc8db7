#!/usr/bin/env bash
# tests/run.sh: runs the C unit tests (cmocka) and the lit tests of one build
# mode, and ends with the line `N passed, M failed` (non-zero exit on failures).
#   MODE=debug|asan|release tests/run.sh [--unit-only | --lit-only]
set -u
cd "$(dirname "$0")/.."
MODE=${MODE:-debug}
B=build/$MODE
LIT=${LIT:-/usr/lib/llvm-19/build/utils/lit/lit.py}
passed=0
failed=0
run_unit=1
run_lit=1
case "${1:-}" in
--unit-only) run_lit=0 ;;
--lit-only) run_unit=0 ;;
esac
# In the sanitizer build an UndefinedBehaviorSanitizer report fails the test
# that caused it (by default it prints and goes on, and nothing would notice).
if [ "$MODE" = asan ]; then
    export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:print_stacktrace=1"
fi

if [ $run_unit = 1 ]; then
    echo "== unit tests ($MODE) =="
    # One binary per tests/unit/test_*.c: a stale binary of a removed test
    # never runs, a missing one fails.
    for src in tests/unit/test_*.c; do
        t="$B/tests/$(basename "$src" .c)"
        if [ ! -x "$t" ]; then
            echo "FAIL: $(basename "$t") (not built)"
            failed=$((failed + 1))
            continue
        fi
        out=$("$t" 2>&1)
        status=$?
        p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n1)
        f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n1)
        p=${p:-0}
        f=${f:-0}
        if [ "$status" != 0 ] && [ "$f" = 0 ]; then
            f=1 # crashed or failed without a cmocka summary
        fi
        passed=$((passed + p))
        failed=$((failed + f))
        if [ "$f" != 0 ]; then
            printf '%s\n' "$out"
            echo "FAIL: $(basename "$t")"
        else
            echo "ok: $(basename "$t") ($p)"
        fi
    done
fi

if [ $run_unit = 1 ]; then
    # The layering check on the tree (one test) and its own planted violations.
    echo "== layering (tools/check_deps.py) =="
    if out=$(python3 tools/check_deps.py 2>&1); then
        printf '%s\n' "$out" | grep -v '^check-deps: ok$'
        passed=$((passed + 1))
        echo "ok: check-deps"
    else
        printf '%s\n' "$out"
        failed=$((failed + 1))
        echo "FAIL: check-deps"
    fi
    out=$(python3 tools/test_check_deps.py 2>&1)
    status=$?
    printf '%s\n' "$out" | grep -vE '^ok: |^[0-9]+ passed, [0-9]+ failed$'
    p=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    f=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    [ "$status" != 0 ] && [ "${f:-0}" = 0 ] && f=1
    if [ "${f:-0}" = 0 ]; then echo "ok: test_check_deps (${p:-0})"; else echo "FAIL: test_check_deps"; fi
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
fi

if [ $run_lit = 1 ]; then
    echo "== lit tests ($MODE) =="
    jobs=$(nproc 2>/dev/null || echo 2)
    out=$(MODE=$MODE python3 "$LIT" -j "$jobs" -sv tests/lit 2>&1)
    # Everything but the passing tests: failure details and the summary.
    printf '%s\n' "$out" | grep -vE '^(PASS|UNSUPPORTED): |^Testing: |^-- Testing' | head -n 400
    lp=$(printf '%s\n' "$out" | sed -n 's/^ *Passed *: *\([0-9]*\).*/\1/p' | tail -n1)
    lf=0
    for key in Failed Unresolved 'Timed Out' 'Unexpectedly Passed'; do
        n=$(printf '%s\n' "$out" | sed -n "s/^ *$key *: *\([0-9]*\).*/\1/p" | tail -n1)
        lf=$((lf + ${n:-0}))
    done
    if [ -z "$lp" ] && [ "$lf" = 0 ]; then
        printf '%s\n' "$out" | tail -n 20
        lf=1 # lit itself failed
    fi
    passed=$((passed + ${lp:-0}))
    failed=$((failed + lf))
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
