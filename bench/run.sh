#!/usr/bin/env bash
# bench/run.sh — Beskid vs gcc -O2 and clang -O2 benchmark suite (see bench/README.md).
#
#   bench/run.sh [--quick] [--runs N] [--instructions] [--record] [WORKLOAD ...]
#
# Builds beskid in release mode, compiles every workload in C (gcc -O2 and clang -O2) and every
# Beskid shape of it (NAME.bd, NAME_SHAPE.bd) with `beskid build --release`, checks that all of
# them (and `beskid run` of each shape) print the expected checksum line, times them side by side
# in one hyperfine run per workload and prints a Markdown report on stdout: per shape, then the
# worst shape of each workload and the geometric means over workloads (worst shapes). Progress
# goes to stderr (`bench/run.sh > report.md` keeps only the report); the raw hyperfine JSON stays
# in the work directory named at the end. --instructions adds instruction counts of the
# executables (perf stat, else cachegrind): a load-independent check. --record appends the report
# to bench/RESULTS.md as a new section. BENCH_SRC=DIR takes the sources from DIR instead of bench/;
# BENCH_CFLAGS='-march=native' adds flags to both C compilers (beskid builds for the host CPU).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
# Workload sources (NAME.c, NAME.bd, NAME_SHAPE.bd); BENCH_SRC=DIR benchmarks a variant set of sources.
BENCH_DIR=$(cd "${BENCH_SRC:-$SCRIPT_DIR}" && pwd)
BESKID="$ROOT/build/release/beskid"
read -r -a CFLAGS_EXTRA <<< "${BENCH_CFLAGS:-}"   # extra flags for gcc and clang, after -O2
RESULTS="$SCRIPT_DIR/RESULTS.md"

ALL_WORKLOADS=(fib loops mandel trees strings dispatch gmap words hello)
# Workloads of the main geometric mean (the issue's targets); hello only measures latency.
GEOMEAN_SET="fib loops mandel trees strings"
# Abstraction workloads (issue 10): outside the main geomean, inside the all-workloads one.
ABSTRACTION_SET="dispatch gmap words"

# Expected checksum lines; every C program and every Beskid shape must print exactly these.
declare -A EXPECTED=(
    [fib]="fib: 108915450"
    [loops]="loops: 131434272"
    [mandel]="mandel: 1016148 60935816"
    [trees]="trees: 14985902"
    [strings]="strings: 63119083"
    [dispatch]="dispatch: 182884800000"
    [hello]="hello: beskid"
    [gmap]="gmap: 442608 23 110890 28822316410"
    [words]="words: 4985 4063158 rjr"
)

RUNS=10
WARMUP=1
QUICK=0
INSTRUCTIONS=0
RECORD=0
WORKLOADS=()
ARGS="$*"

usage() {
    sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) QUICK=1; RUNS=3; shift ;;
        --runs) [[ $# -ge 2 ]] || { echo "run.sh: --runs needs a number" >&2; exit 2; }
                RUNS=$2; shift 2 ;;
        --instructions) INSTRUCTIONS=1; shift ;;
        --record) RECORD=1; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "run.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
        *) [[ -n "${EXPECTED[$1]+x}" ]] || { echo "run.sh: unknown workload '$1' (known: ${ALL_WORKLOADS[*]})" >&2; exit 2; }
           WORKLOADS+=("$1"); shift ;;
    esac
done
[[ ${#WORKLOADS[@]} -gt 0 ]] || WORKLOADS=("${ALL_WORKLOADS[@]}")
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --runs must be a positive integer" >&2; exit 2; }

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '\n[bench] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- tools
apt_updated=0
apt_install() { # apt_install PACKAGE — install from Debian, `apt-get update` first
    command -v apt-get >/dev/null || die "'$1' is missing and apt-get is not available; install it by hand"
    [[ $(id -u) -eq 0 ]] || die "'$1' is missing; run as root (or install it: apt-get install $1)"
    if [[ $apt_updated -eq 0 ]]; then
        log "apt-get update"
        apt-get update -qq >&2 || die "apt-get update failed"
        apt_updated=1
    fi
    log "apt-get install $1"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >&2 || die "apt-get install $1 failed"
}
command -v hyperfine >/dev/null || apt_install hyperfine
[[ -x /usr/bin/time ]] || apt_install time
command -v python3 >/dev/null || apt_install python3
command -v gcc >/dev/null || die "gcc not found"
[[ -f /usr/include/gc.h || -f /usr/include/gc/gc.h ]] || apt_install libgc-dev   # the Beskid runtime links -lgc
# clang-19 is LLVM 19, the LLVM beskid uses: its -O2 is "LLVM's own limit". Any clang otherwise.
if ! command -v clang-19 >/dev/null && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    apt_install clang-19
fi
CLANG=$(command -v clang-19 || command -v clang || true)
[[ -n "$CLANG" ]] || die "neither clang-19 nor clang is installed (apt-get install clang-19)"

# Instruction counter for --instructions: perf if the machine exposes the counter, else cachegrind.
COUNTER=""
if [[ $INSTRUCTIONS -eq 1 ]]; then
    if command -v perf >/dev/null && perf stat -x, -e instructions:u -- true 2>&1 >/dev/null | grep -q '^[0-9]'; then
        COUNTER=perf
    else
        command -v valgrind >/dev/null || apt_install valgrind
        COUNTER=cachegrind
    fi
fi

# ---------------------------------------------------------------- build beskid
log "building beskid (make MODE=release)"
make -C "$ROOT" MODE=release -j"$(nproc)" >&2 \
    || die "'make MODE=release' failed at the repo root (the compiler is being edited? retry later)"
[[ -x "$BESKID" ]] || die "$BESKID was not produced by the release build"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/beskid-bench.XXXXXX")
log "work directory: $WORK"

# ---------------------------------------------------------------- machine
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -z "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ]] || COMMIT="$COMMIT (with uncommitted changes)"
CPU=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
NPROC=$(nproc)
KERNEL="$(uname -sr) $(uname -m)"
GCC_VERSION=$(gcc --version | head -n 1)
CLANG_VERSION=$("$CLANG" --version | head -n 1)
HYPERFINE_VERSION=$(hyperfine --version)
C_FLAGS="-O2${CFLAGS_EXTRA[*]:+ ${CFLAGS_EXTRA[*]}}"

# ---------------------------------------------------------------- shapes
# The shapes of workload W: W.bd, then W_*.bd in name order. SHAPES[W] = "W W_a W_b ...".
declare -A SHAPES=()
for w in "${WORKLOADS[@]}"; do
    [[ -f "$BENCH_DIR/$w.c" && -f "$BENCH_DIR/$w.bd" ]] || die "missing $BENCH_DIR/$w.c or $w.bd"
    list=$w
    for f in "$BENCH_DIR/${w}"_*.bd; do
        [[ -f "$f" ]] || continue
        list="$list $(basename "$f" .bd)"
    done
    SHAPES[$w]=$list
done

# ---------------------------------------------------------------- compile
for w in "${WORKLOADS[@]}"; do
    libs=()
    grep -q '#include <gc.h>' "$BENCH_DIR/$w.c" && libs=(-lgc)
    log "compiling $w.c (gcc -O2 ${CFLAGS_EXTRA[*]}, $(basename "$CLANG") -O2 ${CFLAGS_EXTRA[*]})"
    gcc -O2 "${CFLAGS_EXTRA[@]}" -o "$WORK/$w.gcc.exe" "$BENCH_DIR/$w.c" "${libs[@]}" >&2 || die "gcc failed on $w.c"
    "$CLANG" -O2 "${CFLAGS_EXTRA[@]}" -o "$WORK/$w.clang.exe" "$BENCH_DIR/$w.c" "${libs[@]}" >&2 \
        || die "clang failed on $w.c"
    for s in ${SHAPES[$w]}; do
        log "compiling $s.bd (beskid build --release)"
        "$BESKID" build --release --plain -o "$WORK/$s.bsk.exe" "$BENCH_DIR/$s.bd" >&2 \
            || die "'beskid build --release $s.bd' failed (diagnostics above): the compiler cannot build this workload yet"
    done
done

# ---------------------------------------------------------------- checksums
first_line() { head -n 1; }
for w in "${WORKLOADS[@]}"; do
    want=${EXPECTED[$w]}
    for cc in gcc clang; do
        c_out=$("$WORK/$w.$cc.exe" | first_line) || die "$w.c ($cc): the C program failed"
        [[ "$c_out" == "$want" ]] || die "$w: C checksum ($cc) is '$c_out', expected '$want' ($w.c is wrong)"
    done
    for s in ${SHAPES[$w]}; do
        exe_out=$("$WORK/$s.bsk.exe") || die "$s: the beskid executable exited with status $? (output: '$exe_out')"
        exe_line=$(printf '%s\n' "$exe_out" | first_line)
        [[ "$exe_line" == "$want" ]] || die "$s: CHECKSUM MISMATCH — beskid executable printed '$exe_line', C printed '$want'"
        run_out=$("$BESKID" run "$BENCH_DIR/$s.bd") || die "$s: 'beskid run' failed (status $?, output: '$run_out')"
        run_line=$(printf '%s\n' "$run_out" | first_line)   # drop the result line (`ok`, `0`) of main
        [[ "$run_line" == "$want" ]] || die "$s: CHECKSUM MISMATCH — 'beskid run' printed '$run_line', C printed '$want'"
    done
    log "checksum ok: $want  (gcc = clang = exe = run, shapes: ${SHAPES[$w]})"
done

# ---------------------------------------------------------------- timing
for w in "${WORKLOADS[@]}"; do
    cmds=(-n gcc "$WORK/$w.gcc.exe" -n clang "$WORK/$w.clang.exe")
    for s in ${SHAPES[$w]}; do cmds+=(-n "exe:$s" "$WORK/$s.bsk.exe"); done
    # --no-cache: every timed `run` compiles (the warm-up would otherwise fill the compiled-code
    # cache and every timed run would be a hit; RESULTS.md measures hits separately).
    for s in ${SHAPES[$w]}; do cmds+=(-n "run:$s" "$BESKID run --no-cache $BENCH_DIR/$s.bd"); done
    log "timing $w ($RUNS runs, warmup $WARMUP; shapes: ${SHAPES[$w]})"
    hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --style basic --export-json "$WORK/$w.json" "${cmds[@]}" >&2 \
        || die "hyperfine failed on $w"
done

# `beskid run` of an unchanged program (issue 12): hello with the compiled-code cache warm (the
# warm-up runs fill a cache of this run's own), beside the executable, in one hyperfine run.
case " ${WORKLOADS[*]} " in
*" hello "*)
    log "timing 'beskid run hello.bd' with a warm cache"
    XDG_CACHE_HOME="$WORK/cache" hyperfine -N --warmup "$(( WARMUP > 2 ? WARMUP : 2 ))" --runs "$RUNS" --style basic \
        --export-json "$WORK/cached-hello.json" -n "exe:hello" "$WORK/hello.bsk.exe" \
        -n "run-cached:hello" "$BESKID run $BENCH_DIR/hello.bd" >&2 \
        || die "hyperfine failed on the cached 'beskid run hello.bd'"
    ;;
esac

# Compile latency: hello to an executable (default mode), and the release build of the largest
# Beskid source among the shapes of the geomean workloads.
LARGEST=""
largest_size=-1
for w in $GEOMEAN_SET; do
    case " ${WORKLOADS[*]} " in *" $w "*) ;; *) continue ;; esac
    for s in ${SHAPES[$w]}; do
        size=$(wc -c < "$BENCH_DIR/$s.bd")
        if (( size > largest_size )); then largest_size=$size; LARGEST=$s; fi
    done
done
log "timing 'beskid build hello.bd'"
hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --style basic --export-json "$WORK/build-hello.json" \
    -n build-hello "$BESKID build --plain -o $WORK/hello.build.exe $BENCH_DIR/hello.bd" >&2 \
    || die "hyperfine failed on 'beskid build hello.bd'"
if [[ -n "$LARGEST" ]]; then
    log "timing 'beskid build --release $LARGEST.bd' (largest benchmark source)"
    hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --style basic --export-json "$WORK/build-largest.json" \
        -n "build-release-$LARGEST" "$BESKID build --release --plain -o $WORK/$LARGEST.build.exe $BENCH_DIR/$LARGEST.bd" >&2 \
        || die "hyperfine failed on 'beskid build --release $LARGEST.bd'"
fi

# Peak RSS of trees (median of 3 runs of /usr/bin/time -v), written to rss.tsv as "NAME KiB".
peak_rss() { # peak_rss CMD... → prints the median "Maximum resident set size" in KiB
    local vals=() v i
    for i in 1 2 3; do
        v=$( (/usr/bin/time -v "$@" >/dev/null) 2>&1 | awk -F': *' '/Maximum resident set size/ {print $2}')
        [[ -n "$v" ]] || die "could not read the peak RSS of: $*"
        vals+=("$v")
    done
    printf '%s\n' "${vals[@]}" | sort -n | sed -n 2p
}
: > "$WORK/rss.tsv"
case " ${WORKLOADS[*]} " in *" trees "*)
    log "measuring peak RSS of trees"
    printf 'gcc %s\n' "$(peak_rss "$WORK/trees.gcc.exe")" >> "$WORK/rss.tsv"
    printf 'clang %s\n' "$(peak_rss "$WORK/trees.clang.exe")" >> "$WORK/rss.tsv"
    for s in ${SHAPES[trees]}; do
        printf 'exe:%s %s\n' "$s" "$(peak_rss "$WORK/$s.bsk.exe")" >> "$WORK/rss.tsv"
        printf 'run:%s %s\n' "$s" "$(peak_rss "$BESKID" run --no-cache "$BENCH_DIR/$s.bd")" >> "$WORK/rss.tsv"
    done
    ;;
esac

# Instruction counts (--instructions), written to instructions.tsv as "WORKLOAD NAME COUNT".
count_instructions() { # count_instructions WORKLOAD EXE → the user-space instructions executed, or n/a
    local out n=""
    if [[ $COUNTER == perf ]]; then
        out=$(perf stat -x, -o "$WORK/count.txt" -e instructions:u -- "$2" 2>/dev/null) || true
        [[ -f "$WORK/count.txt" ]] && n=$(awk -F, '/instructions/ {print $1; exit}' "$WORK/count.txt")
    else
        out=$(valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
            --log-file="$WORK/count.txt" "$2" 2>/dev/null) || true
        [[ -f "$WORK/count.txt" ]] && n=$(awk '/I +refs:/ {gsub(",", "", $NF); print $NF; exit}' "$WORK/count.txt")
    fi
    rm -f "$WORK/count.txt"
    # A count is only valid for a complete run: valgrind stops at an instruction it does not know
    # (beskid compiles for the host CPU, e.g. AVX-512), leaving the count of a truncated run.
    if [[ "${out%%$'\n'*}" != "${EXPECTED[$1]}" || ! "$n" =~ ^[0-9]+$ ]]; then
        log "cannot count the instructions of $(basename "$2") with $COUNTER (it did not complete under it)"
        n=n/a
    fi
    printf '%s\n' "$n"
}
: > "$WORK/instructions.tsv"
if [[ $INSTRUCTIONS -eq 1 ]]; then
    for w in "${WORKLOADS[@]}"; do
        log "counting instructions of $w ($COUNTER)"
        printf '%s gcc %s\n' "$w" "$(count_instructions "$w" "$WORK/$w.gcc.exe")" >> "$WORK/instructions.tsv"
        printf '%s clang %s\n' "$w" "$(count_instructions "$w" "$WORK/$w.clang.exe")" >> "$WORK/instructions.tsv"
        for s in ${SHAPES[$w]}; do
            printf '%s exe:%s %s\n' "$w" "$s" "$(count_instructions "$w" "$WORK/$s.bsk.exe")" >> "$WORK/instructions.tsv"
        done
    done
fi
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- report
SHAPES_LINE=""
for w in "${WORKLOADS[@]}"; do SHAPES_LINE+="$w=${SHAPES[$w]// /,};"; done
export WORK LARGEST RUNS WARMUP QUICK GEOMEAN_SET ABSTRACTION_SET SHAPES_LINE COUNTER DATE COMMIT CPU NPROC KERNEL \
    LOAD_START LOAD_END GCC_VERSION CLANG_VERSION HYPERFINE_VERSION ARGS C_FLAGS
python3 "$SCRIPT_DIR/report.py" "${WORKLOADS[@]}" > "$WORK/report.md"
cat "$WORK/report.md"
if [[ $RECORD -eq 1 ]]; then
    { printf '\n## Run of %s at `%s`\n\n' "$DATE" "$COMMIT"; cat "$WORK/report.md"; } >> "$RESULTS"
    log "report appended to $RESULTS"
fi
log "done; raw hyperfine JSON and the report are in $WORK"
