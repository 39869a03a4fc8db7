#!/usr/bin/env bash
# bench/scale.sh — how the compiler scales with program size (see bench/README.md).
#
#   bench/scale.sh [--quick] [--runs N]
#
# Generates with bench/gen_scale.py a Beskid program of about 48,000 lines
# (2,526 units of structs, methods, an enum, match, interpolation and a loop)
# and one four times as large, and the same programs in C. Reports, as a
# Markdown table on stdout: `beskid check` on both sizes (the ratio shows
# whether checking is linear; N runs each, all listed), then for the 48k-line
# program one run each of `beskid run`, `beskid build --release` and
# `gcc -O2 -c` on the C version, with wall time, user CPU time and peak RSS,
# and a second `beskid run` of the unchanged program (the compiled-code cache,
# of this run's own, warm) with the speed-up over the first (issue 12).
# --quick uses a tenth of the sizes. Uses build/release/beskid (built with
# `make MODE=release` if missing); needs libgc-dev for the C version.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
BESKID="$ROOT/build/release/beskid"
UNITS=2526
RUNS=3

while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) UNITS=253; shift ;;
        --runs) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "scale.sh: --runs needs a positive number" >&2; exit 2; }
                RUNS=$2; shift 2 ;;
        -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "scale.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done

log() { printf '[scale] %s\n' "$*" >&2; }
die() { printf '[scale] ERROR: %s\n' "$*" >&2; exit 1; }
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"
if [[ ! -x "$BESKID" ]]; then
    log "building beskid (make MODE=release)"
    make -C "$ROOT" MODE=release -j2 >&2 || die "'make MODE=release' failed"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/beskid-scale.XXXXXX")
log "work directory: $WORK"
export XDG_CACHE_HOME="$WORK/cache"   # a cache of this run's own: the first `run` compiles
small="$WORK/small.bd" large="$WORK/large.bd" csrc="$WORK/small.c"
python3 "$SCRIPT_DIR/gen_scale.py" "$UNITS" bd > "$small"
python3 "$SCRIPT_DIR/gen_scale.py" $((UNITS * 4)) bd > "$large"
python3 "$SCRIPT_DIR/gen_scale.py" "$UNITS" c > "$csrc"

# measure NAME CMD...: one row "| NAME | wall s | user s | peak RSS MB |"
measure() {
    local name=$1; shift
    /usr/bin/time -f '%e %U %M' -o "$WORK/time" "$@" > "$WORK/out" 2> "$WORK/err" || die "$name failed: $(head -c 400 "$WORK/err")"
    read -r wall user rss < "$WORK/time"
    printf '| %s | %s | %s | %d |\n' "$name" "$wall" "$user" $((rss / 1024))
}

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load at start: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo
echo "Programs: $(wc -l < "$small") and $(wc -l < "$large") lines of Beskid; the C version of the first: $(wc -l < "$csrc") lines."
echo
echo "| command | wall (s) | user (s) | peak RSS (MB) |"
echo "|---|---:|---:|---:|"
for ((r = 1; r <= RUNS; r++)); do measure "check, $(wc -l < "$small") lines (run $r)" "$BESKID" check "$small"; done
for ((r = 1; r <= RUNS; r++)); do measure "check, $(wc -l < "$large") lines (run $r)" "$BESKID" check "$large"; done
measure "run, $(wc -l < "$small") lines" "$BESKID" run "$small"
grep -q '^total: ' "$WORK/out" || die "'beskid run' printed no total"
want=$(head -1 "$WORK/out")
first_run=$(cut -d' ' -f1 "$WORK/time")
measure "run again, unchanged (cache warm)" "$BESKID" run "$small"
[[ "$(head -1 "$WORK/out")" == "$want" ]] || die "the second run's output differs from the first's ($want)"
second_run=$(cut -d' ' -f1 "$WORK/time")
measure "build --release, $(wc -l < "$small") lines" "$BESKID" build --release --plain -o "$WORK/small.exe" "$small"
[[ "$("$WORK/small.exe" | head -1)" == "$want" ]] || die "the executable's output differs from run's ($want)"
if [[ -e /usr/include/gc.h || -e /usr/include/gc/gc.h ]]; then
    measure "gcc -O2 -c, C version" gcc -O2 -c "$csrc" -o "$WORK/small.o"
    gcc "$WORK/small.o" -lgc -o "$WORK/small.c.exe" && [[ "$("$WORK/small.c.exe")" == "$want" ]] \
        || die "the C version's output differs from run's ($want)"
else
    log "gc.h missing: no C column (apt-get install libgc-dev)"
fi
echo
echo "Second \`beskid run\` of the unchanged program: $(python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(f'{a / max(b, 0.005):.1f}x faster than the first ({a:.2f} s, then {b:.2f} s; issue 12 asks at least 3x)')" "$first_run" "$second_run")."
echo
echo "Load at end: $(cut -d' ' -f1-3 /proc/loadavg)."
log "done; programs in $WORK"
