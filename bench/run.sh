#!/usr/bin/env bash
# bench/run.sh — Beskid vs gcc -O2 benchmark suite (see bench/README.md).
#
#   bench/run.sh [--quick] [--runs N] [WORKLOAD ...]
#
# Builds beskid in release mode, compiles every workload in C (gcc -O2, -lgc)
# and in Beskid (`beskid build --release`), checks that the C program, the
# Beskid executable and `beskid run` print the same checksum line (and that it
# is the expected one), times the three with hyperfine and prints a Markdown
# report on stdout.  Progress messages go to stderr, so
#   bench/run.sh > report.md
# keeps only the report.  Raw hyperfine JSON stays in the work directory that
# is named at the end of the run.  Environment: BENCH_SRC=DIR takes NAME.c and
# NAME.bd from DIR instead of bench/ (to measure a variant of the sources).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
# Workload sources (NAME.c, NAME.bd); BENCH_SRC=DIR benchmarks a variant set of sources.
BENCH_DIR=$(cd "${BENCH_SRC:-$SCRIPT_DIR}" && pwd)
BESKID="$ROOT/build/release/beskid"

ALL_WORKLOADS=(fib loops mandel trees strings dispatch gmap hello)
# Workloads entering the geometric means (hello only measures latency).
GEOMEAN_SET="fib loops mandel trees strings"
# Abstraction workloads (issue 10): each executable within 1.3× of gcc -O2, outside the geomeans.
ABSTRACTION_SET="dispatch gmap"

# Expected checksum lines (from the issue); the C programs must print exactly these.
declare -A EXPECTED=(
    [fib]="fib: 108915450"
    [loops]="loops: 131434272"
    [mandel]="mandel: 1016148 60935816"
    [trees]="trees: 14985902"
    [strings]="strings: 63119083"
    [dispatch]="dispatch: 182884800000"
    [hello]="hello: beskid"
    [gmap]="gmap: 442608 23 110890 28822316410"
)

RUNS=10
WARMUP=1
QUICK=0
WORKLOADS=()

usage() {
    sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) QUICK=1; RUNS=3; shift ;;
        --runs) [[ $# -ge 2 ]] || { echo "run.sh: --runs needs a number" >&2; exit 2; }
                RUNS=$2; shift 2 ;;
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
[[ -f /usr/include/gc.h || -f /usr/include/gc/gc.h ]] || apt_install libgc-dev

# ---------------------------------------------------------------- build beskid
log "building beskid (make MODE=release)"
make -C "$ROOT" MODE=release -j"$(nproc)" >&2 \
    || die "'make MODE=release' failed at the repo root (the compiler is being edited? retry later)"
[[ -x "$BESKID" ]] || die "$BESKID was not produced by the release build"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/beskid-bench.XXXXXX")
log "work directory: $WORK"

# ---------------------------------------------------------------- compile
for w in "${WORKLOADS[@]}"; do
    [[ -f "$BENCH_DIR/$w.c" && -f "$BENCH_DIR/$w.bd" ]] || die "missing $BENCH_DIR/$w.c or $w.bd"
    log "compiling $w.c (gcc -O2 -lgc)"
    gcc -O2 -o "$WORK/$w.c.exe" "$BENCH_DIR/$w.c" -lgc >&2 || die "gcc failed on bench/$w.c"
    log "compiling $w.bd (beskid build --release)"
    "$BESKID" build --release --plain -o "$WORK/$w.bsk.exe" "$BENCH_DIR/$w.bd" >&2 \
        || die "'beskid build --release bench/$w.bd' failed (diagnostics above): the compiler cannot build this workload yet"
done

# ---------------------------------------------------------------- checksums
first_line() { head -n 1; }
for w in "${WORKLOADS[@]}"; do
    want=${EXPECTED[$w]}
    c_out=$("$WORK/$w.c.exe" | first_line) || die "bench/$w.c: the C program failed"
    [[ "$c_out" == "$want" ]] || die "$w: C checksum is '$c_out', expected '$want' (bench/$w.c is wrong)"
    exe_out=$("$WORK/$w.bsk.exe") || die "$w: the beskid executable exited with status $? (output: '$exe_out')"
    exe_line=$(printf '%s\n' "$exe_out" | first_line)
    [[ "$exe_line" == "$want" ]] || die "$w: CHECKSUM MISMATCH — beskid executable printed '$exe_line', C printed '$want'"
    run_out=$("$BESKID" run "$BENCH_DIR/$w.bd") || die "$w: 'beskid run' failed (status $?, output: '$run_out')"
    run_line=$(printf '%s\n' "$run_out" | first_line)   # drop the trailing `ok` of a unit main
    [[ "$run_line" == "$want" ]] || die "$w: CHECKSUM MISMATCH — 'beskid run' printed '$run_line', C printed '$want'"
    log "checksum ok: $want  (C = exe = run)"
done

# ---------------------------------------------------------------- timing
for w in "${WORKLOADS[@]}"; do
    log "timing $w ($RUNS runs, warmup $WARMUP)"
    hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --style basic \
        --export-json "$WORK/$w.json" \
        -n c "$WORK/$w.c.exe" \
        -n exe "$WORK/$w.bsk.exe" \
        -n run "$BESKID run $BENCH_DIR/$w.bd" >&2 \
        || die "hyperfine failed on $w"
done

# Compile latency: hello to an executable (default mode), and the release build of the largest benchmark.
LARGEST=""
largest_size=-1
for w in $GEOMEAN_SET; do
    [[ -f "$BENCH_DIR/$w.bd" ]] || continue
    case " ${WORKLOADS[*]} " in *" $w "*) ;; *) continue ;; esac
    size=$(wc -c < "$BENCH_DIR/$w.bd")
    if (( size > largest_size )); then largest_size=$size; LARGEST=$w; fi
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

# Peak RSS of trees (median of 3 runs of /usr/bin/time -v).
peak_rss() { # peak_rss CMD... → prints the median "Maximum resident set size" in KiB
    local vals=() v i
    for i in 1 2 3; do
        v=$( (/usr/bin/time -v "$@" >/dev/null) 2>&1 | awk -F': *' '/Maximum resident set size/ {print $2}')
        [[ -n "$v" ]] || die "could not read the peak RSS of: $*"
        vals+=("$v")
    done
    printf '%s\n' "${vals[@]}" | sort -n | sed -n 2p
}
RSS_C="" RSS_EXE="" RSS_RUN=""
case " ${WORKLOADS[*]} " in *" trees "*)
    log "measuring peak RSS of trees"
    RSS_C=$(peak_rss "$WORK/trees.c.exe")
    RSS_EXE=$(peak_rss "$WORK/trees.bsk.exe")
    RSS_RUN=$(peak_rss "$BESKID" run "$BENCH_DIR/trees.bd")
    ;;
esac

# ---------------------------------------------------------------- report
export WORK LARGEST RSS_C RSS_EXE RSS_RUN RUNS WARMUP QUICK GEOMEAN_SET ABSTRACTION_SET
python3 - "${WORKLOADS[@]}" > "$WORK/report.md" <<'PY'
import json, math, os, sys

work = os.environ["WORK"]
workloads = sys.argv[1:]
geo_set = os.environ["GEOMEAN_SET"].split()
abstraction_set = os.environ["ABSTRACTION_SET"].split()

def medians(path):
    with open(path) as f:
        return {r["command"]: r["median"] * 1000.0 for r in json.load(f)["results"]}

def fmt(ms):
    return f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"

def status(ok):
    return "**met**" if ok else "**missed**"

rows, exe_ratios, run_ratios = {}, [], []
for w in workloads:
    m = medians(os.path.join(work, f"{w}.json"))
    rows[w] = m
    if w in geo_set:
        exe_ratios.append(m["exe"] / m["c"])
        run_ratios.append(m["run"] / m["c"])

def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")

out = []
out.append(f"Medians of {os.environ['RUNS']} runs after {os.environ['WARMUP']} warm-up run (hyperfine -N); "
           "ratio = time / gcc -O2 time (lower is better).")
out.append("")
out.append("| workload | gcc -O2 (ms) | beskid exe (ms) | exe / C | beskid run (ms) | run / C |")
out.append("|---|---:|---:|---:|---:|---:|")
for w in workloads:
    m = rows[w]
    out.append(f"| {w} | {fmt(m['c'])} | {fmt(m['exe'])} | {m['exe']/m['c']:.2f}× | {fmt(m['run'])} | {m['run']/m['c']:.2f}× |")
gexe, grun = geomean(exe_ratios), geomean(run_ratios)
used = [w for w in workloads if w in geo_set]
if used:
    out.append(f"| **geomean** ({', '.join(used)}) | | | **{gexe:.2f}×** | | **{grun:.2f}×** |")
out.append("")

extra = []
hello_run = rows["hello"]["run"] if "hello" in rows else None
if hello_run is not None:
    extra.append(f"| `beskid run hello.bd` (median) | {hello_run:.1f} ms |")
    extra.append(f"| `hello` executable: gcc -O2 / beskid exe (median) | {rows['hello']['c']:.1f} ms / {rows['hello']['exe']:.1f} ms |")
build_hello = medians(os.path.join(work, "build-hello.json"))["build-hello"]
extra.append(f"| `beskid build hello.bd` → executable (median) | {build_hello:.1f} ms |")
largest = os.environ.get("LARGEST", "")
build_largest = None
if largest:
    build_largest = medians(os.path.join(work, "build-largest.json"))[f"build-release-{largest}"]
    extra.append(f"| `beskid build --release {largest}.bd` (largest benchmark) (median) | {build_largest:.1f} ms |")
rss = {k: os.environ.get(k, "") for k in ("RSS_C", "RSS_EXE", "RSS_RUN")}
if rss["RSS_C"]:
    c, e, r = (int(rss[k]) for k in ("RSS_C", "RSS_EXE", "RSS_RUN"))
    extra.append(f"| trees peak RSS: C / beskid exe / beskid run | {c/1024:.1f} / {e/1024:.1f} / {r/1024:.1f} MiB "
                 f"(exe {e/c:.2f}×, run {r/c:.2f}× C) |")
out.append("| measurement | value |")
out.append("|---|---|")
out.extend(extra)
out.append("")

targets = []
if exe_ratios:
    worst = max(zip(exe_ratios, used))
    targets.append(("`beskid build --release` executables: geomean ≤ 1.20× gcc -O2", f"{gexe:.2f}×", gexe <= 1.20))
    targets.append(("… and no workload above 1.7×", f"max {worst[0]:.2f}× ({worst[1]})", worst[0] <= 1.7))
    targets.append(("`beskid run` (compile time included): geomean ≤ 1.35×", f"{grun:.2f}×", grun <= 1.35))
for w in workloads:
    if w in abstraction_set:
        ratio = rows[w]["exe"] / rows[w]["c"]
        targets.append((f"`{w}` executable ≤ 1.3× gcc -O2", f"{ratio:.2f}×", ratio <= 1.3))
if hello_run is not None:
    targets.append(("`beskid run hello.bd` ≤ 15 ms median", f"{hello_run:.1f} ms", hello_run <= 15))
targets.append(("`beskid build hello.bd` ≤ 80 ms", f"{build_hello:.1f} ms", build_hello <= 80))
if rss["RSS_C"]:
    ratio = int(rss["RSS_EXE"]) / int(rss["RSS_C"])
    targets.append(("trees peak RSS ≤ 1.2× C (beskid exe)", f"{ratio:.2f}×", ratio <= 1.2))
out.append("| target | measured | status |")
out.append("|---|---|---|")
for name, val, ok in targets:
    out.append(f"| {name} | {val} | {status(ok)} |")
if len(used) < len(geo_set):
    out.append("")
    out.append("Note: partial run; the geomeans cover only " + (", ".join(used) or "no workload") + ".")
print("\n".join(out))
PY
cat "$WORK/report.md"
log "done; raw hyperfine JSON and the report are in $WORK"
