#!/usr/bin/env python3
"""bench/report.py WORKLOAD... — the Markdown report of bench/run.sh.

Reads what run.sh left in $WORK (WORKLOAD.json from hyperfine, build-hello.json, build-largest.json,
rss.tsv, instructions.tsv) and the run's description from the environment; prints the report on
stdout. Not meant to be run by hand.
"""
import json
import math
import os
import sys

env = os.environ
work = env["WORK"]
workloads = sys.argv[1:]
geo_set = env["GEOMEAN_SET"].split()
abstraction_set = env["ABSTRACTION_SET"].split()
shapes = {}
for item in env["SHAPES_LINE"].split(";"):
    if item:
        name, _, lst = item.partition("=")
        shapes[name] = lst.split(",")


def results(path):
    """command name → (median ms, mean user ms)"""
    with open(path) as f:
        return {r["command"]: (r["median"] * 1000.0, r["user"] * 1000.0) for r in json.load(f)["results"]}


def fmt(ms):
    return f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def millions(n):
    return f"{n/1e6:,.0f}" if n >= 1e7 else f"{n/1e6:.2f}"


def status(ok):
    return "**met**" if ok else "**missed**"


times = {w: results(os.path.join(work, f"{w}.json")) for w in workloads}
timed = [w for w in workloads if w != "hello"]          # hello measures start-up, not code
core = [w for w in workloads if w in geo_set]


def worst(w, kind, base):
    """(ratio, shape, user ratio) of the shape whose `kind` (exe/run) median is the highest against `base`."""
    t = times[w]
    best = None
    for s in shapes[w]:
        r = t[f"{kind}:{s}"][0] / t[base][0]
        u = t[f"{kind}:{s}"][1] / t[base][1]
        if best is None or r > best[0]:
            best = (r, s, u)
    return best


out = []
out.append(f"- **Date**: {env['DATE']}; **commit** `{env['COMMIT']}`; `bench/run.sh {env['ARGS']}`".rstrip())
out.append(f"- **Machine**: `nproc` = {env['NPROC']}, CPU `{env['CPU']}` (model name from /proc/cpuinfo), "
           f"{env['KERNEL']}; **load average** (1, 5, 15 min) {env['LOAD_START']} at the start, "
           f"{env['LOAD_END']} at the end")
out.append(f"- **Tools**: {env['GCC_VERSION']}; {env['CLANG_VERSION']}; C flags `{env['C_FLAGS']}` for both; "
           f"{env['HYPERFINE_VERSION']}; beskid `build/release/beskid` (`build --release`: host CPU)")
out.append(f"- Medians of {env['RUNS']} runs after {env['WARMUP']} warm-up run, all commands of a workload in one "
           "`hyperfine -N` run; ratio = median / the C median (lower is better); *user* = mean user CPU time "
           "(less sensitive to other load than wall time).")
out.append("")

# ---- every shape
out.append("| workload | gcc -O2 (ms) | clang -O2 (ms) | shape | exe (ms) | exe / gcc | exe / clang | "
           "run (ms) | run / gcc | run / clang | run / exe |")
out.append("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
for w in workloads:
    t = times[w]
    g, c = t["gcc"][0], t["clang"][0]
    for i, s in enumerate(shapes[w]):
        e, r = t[f"exe:{s}"][0], t[f"run:{s}"][0]
        lead = f"| {w} | {fmt(g)} | {fmt(c)} |" if i == 0 else "| | | |"
        out.append(f"{lead} `{s}` | {fmt(e)} | {e/g:.2f}× | {e/c:.2f}× | {fmt(r)} | {r/g:.2f}× | {r/c:.2f}× | "
                   f"{r/e:.2f}× |")
out.append("")

# ---- worst shape of each workload, geomeans
out.append("Worst shape of each workload (the shape with the highest median):")
out.append("")
out.append("| workload | clang / gcc | exe: worst shape | exe / gcc | exe / clang | user exe / gcc | run: worst shape | "
           "run / gcc | run / clang | user run / gcc |")
out.append("|---|---:|---|---:|---:|---:|---|---:|---:|---:|")
summary = {}
for w in workloads:
    t = times[w]
    ex, rn = worst(w, "exe", "gcc"), worst(w, "run", "gcc")
    exc = t[f"exe:{ex[1]}"][0] / t["clang"][0]
    rnc = t[f"run:{rn[1]}"][0] / t["clang"][0]
    clang_gcc = t["clang"][0] / t["gcc"][0]
    summary[w] = dict(exe=ex[0], exe_clang=exc, exe_user=ex[2], run=rn[0], run_clang=rnc, run_user=rn[2],
                      clang=clang_gcc, exe_shape=ex[1], run_shape=rn[1])
    out.append(f"| {w} | {clang_gcc:.2f}× | `{ex[1]}` | {ex[0]:.2f}× | {exc:.2f}× | {ex[2]:.2f}× | `{rn[1]}` | "
               f"{rn[0]:.2f}× | {rnc:.2f}× | {rn[2]:.2f}× |")


def geo_row(label, ws):
    if not ws:
        return
    g = {k: geomean([summary[w][k] for w in ws]) for k in ("clang", "exe", "exe_clang", "exe_user", "run",
                                                           "run_clang", "run_user")}
    name = f"**geomean {label}**" if label else "**geomean**"
    out.append(f"| {name} ({', '.join(ws)}) | {g['clang']:.2f}× | | **{g['exe']:.2f}×** | "
               f"**{g['exe_clang']:.2f}×** | {g['exe_user']:.2f}× | | **{g['run']:.2f}×** | **{g['run_clang']:.2f}×** | "
               f"{g['run_user']:.2f}× |")
    return g


geo_core = geo_row("", core)
all_set = [w for w in timed if w in geo_set or w in abstraction_set]
if len(all_set) > len(core):
    geo_row("all", all_set)
out.append("")

# ---- instruction counts
counts = {}
ipath = os.path.join(work, "instructions.tsv")
if os.path.exists(ipath):
    with open(ipath) as f:
        for line in f:
            w, name, n = line.split()
            counts.setdefault(w, {})[name] = int(n) if n.isdigit() else None
if counts:
    out.append(f"Instructions executed ({env['COUNTER']}; millions; independent of the machine's load):")
    out.append("")
    out.append("| workload | gcc -O2 | clang -O2 | shape | exe | exe / gcc | exe / clang |")
    out.append("|---|---:|---:|---|---:|---:|---:|")
    worst_ir = {}
    uncounted = []

    def ratio(a, b):
        return f"{a/b:.2f}×" if a is not None and b is not None else "n/a"

    def mil(n):
        return millions(n) if n is not None else "n/a"

    for w in workloads:
        if w not in counts:
            continue
        c = counts[w]
        for i, s in enumerate(shapes[w]):
            e = c[f"exe:{s}"]
            lead = f"| {w} | {mil(c['gcc'])} | {mil(c['clang'])} |" if i == 0 else "| | | |"
            out.append(f"{lead} `{s}` | {mil(e)} | {ratio(e, c['gcc'])} | {ratio(e, c['clang'])} |")
        if None in c.values():
            uncounted.append(w)
            continue
        worst_ir[w] = max((c[f"exe:{s}"] / c["gcc"], c[f"exe:{s}"] / c["clang"]) for s in shapes[w])
    for label, ws in (("", [w for w in core if w in worst_ir]),
                      ("all", [w for w in all_set if w in worst_ir])):
        if ws and (label == "" or len(ws) > len(core)):
            name = f"**geomean of the worst shapes, {label}**" if label else "**geomean of the worst shapes**"
            out.append(f"| {name} ({', '.join(ws)}) | | | | | "
                       f"**{geomean([worst_ir[w][0] for w in ws]):.2f}×** | "
                       f"**{geomean([worst_ir[w][1] for w in ws]):.2f}×** |")
    if uncounted:
        out.append("")
        out.append(f"n/a: {env['COUNTER']} could not run the program to its end (valgrind stops at an instruction it "
                   "does not know, such as the AVX-512 ones beskid may emit for the host CPU); "
                   f"{', '.join(uncounted)} left out of the instruction geomeans.")
    out.append("")

# ---- other measurements
extra = []
hello_run = None
if "hello" in times:
    t = times["hello"]
    hello_run = t["run:hello"][0]
    extra.append(f"| `beskid run hello.bd` (median; user) | {hello_run:.1f} ms; {t['run:hello'][1]:.1f} ms |")
    for s in shapes["hello"][1:]:
        extra.append(f"| `beskid run {s}.bd` (median) | {t[f'run:{s}'][0]:.1f} ms |")
    extra.append(f"| `hello` executable: gcc -O2 / clang -O2 / beskid exe (median) | {t['gcc'][0]:.1f} / "
                 f"{t['clang'][0]:.1f} / {t['exe:hello'][0]:.1f} ms |")
cached = None
if os.path.exists(os.path.join(work, "cached-hello.json")):
    c = results(os.path.join(work, "cached-hello.json"))
    cached = (c["run-cached:hello"][0], c["exe:hello"][0])
    extra.append(f"| `beskid run hello.bd`, compiled-code cache warm / its executable, one hyperfine run (median) | "
                 f"{cached[0]:.1f} / {cached[1]:.1f} ms ({cached[0] / cached[1]:.2f}×) |")
build_hello = results(os.path.join(work, "build-hello.json"))["build-hello"][0]
extra.append(f"| `beskid build hello.bd` → executable (median) | {build_hello:.1f} ms |")
largest = env.get("LARGEST", "")
if largest:
    build_largest = results(os.path.join(work, "build-largest.json"))[f"build-release-{largest}"][0]
    extra.append(f"| `beskid build --release {largest}.bd` (largest benchmark source) (median) | {build_largest:.1f} ms |")
rss = {}
with open(os.path.join(work, "rss.tsv")) as f:
    for line in f:
        name, kib = line.split()
        rss[name] = int(kib)
rss_exe = rss_run = None
if rss:
    c = rss["gcc"]
    rss_exe = max((rss[f"exe:{s}"], s) for s in shapes["trees"])
    rss_run = max((rss[f"run:{s}"], s) for s in shapes["trees"])
    extra.append(f"| trees peak RSS: gcc / clang / beskid exe (worst: `{rss_exe[1]}`) / beskid run (worst: "
                 f"`{rss_run[1]}`) | {c/1024:.1f} / {rss['clang']/1024:.1f} / {rss_exe[0]/1024:.1f} / "
                 f"{rss_run[0]/1024:.1f} MiB (exe {rss_exe[0]/c:.2f}×, run {rss_run[0]/c:.2f}× gcc's) |")
out.append("| measurement | value |")
out.append("|---|---|")
out.extend(extra)
out.append("")

# ---- targets (issue 11; issue 10 for the abstraction workloads)
targets = []
if core:
    targets.append(("`build --release` executables: geomean (worst shapes) ≤ 1.10× gcc -O2",
                    f"{geo_core['exe']:.2f}×", geo_core["exe"] <= 1.10))
for w, limit in (("strings", 1.0), ("trees", 1.10)):
    if w in summary:
        targets.append((f"`{w}` executable (worst shape) ≤ {limit:.2f}× gcc -O2", f"{summary[w]['exe']:.2f}×",
                        summary[w]["exe"] <= limit))
if timed:
    w = max(timed, key=lambda x: summary[x]["exe_clang"])
    targets.append(("no executable more than 10 % slower than clang -O2 (exe / clang ≤ 1.10)",
                    f"max {summary[w]['exe_clang']:.2f}× ({w})", summary[w]["exe_clang"] <= 1.10))
if core:
    targets.append(("`beskid run` (compile time included): geomean (worst shapes) ≤ 1.20× gcc -O2",
                    f"{geo_core['run']:.2f}×", geo_core["run"] <= 1.20))
if timed:
    worst_re = max((times[w][f"run:{s}"][0] / times[w][f"exe:{s}"][0], s) for w in timed for s in shapes[w])
    targets.append(("`beskid run` at most 10 % slower than the executable (every shape)",
                    f"max {worst_re[0]:.2f}× (`{worst_re[1]}`)", worst_re[0] <= 1.10))
if hello_run is not None:
    targets.append(("`beskid run hello.bd` ≤ 10 ms median", f"{hello_run:.1f} ms", hello_run <= 10))
if cached is not None:
    targets.append(("`beskid run hello.bd` with a warm cache ≤ 5 ms median", f"{cached[0]:.1f} ms", cached[0] <= 5))
    targets.append(("… and within 2× of the executable's start-up (issue 12)", f"{cached[0] / cached[1]:.2f}×",
                    cached[0] <= 2 * cached[1]))
targets.append(("`beskid build hello.bd` ≤ 80 ms", f"{build_hello:.1f} ms", build_hello <= 80))
if rss:
    re, rr = rss_exe[0] / rss["gcc"], rss_run[0] / rss["gcc"]
    targets.append(("trees peak RSS ≤ 1.0× C under `build` (worst shape)", f"{re:.2f}×", re <= 1.0))
    targets.append(("trees peak RSS ≤ 2× C under `run` (worst shape)", f"{rr:.2f}×", rr <= 2.0))
for w in workloads:
    if w in abstraction_set:
        targets.append((f"`{w}` executable (worst shape) ≤ 1.3× gcc -O2 (issue 10)", f"{summary[w]['exe']:.2f}×",
                        summary[w]["exe"] <= 1.3))
out.append("| target | measured | status |")
out.append("|---|---|---|")
for name, val, ok in targets:
    out.append(f"| {name} | {val} | {status(ok)} |")
if len(core) < len(geo_set):
    out.append("")
    out.append("Note: partial run; the geomeans cover only " + (", ".join(core) or "no workload") + ".")
print("\n".join(out))
