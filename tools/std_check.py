#!/usr/bin/env python3
"""tools/std_check.py: checks the standard library (std/) until the module
system and `beskid test` run it directly (a stop-gap: the lead replaces it
by `beskid test std/` at merge).

For each module file under std/src, the module and every module it reaches
through `use Std.…;` are concatenated into one program: `mod`/`use` lines
are dropped and each `test Name {` becomes `unit Name() {`. A generated entry
runs the module's own tests in order; `beskid run` must print its `ok:` line
and exit 0. With --exe the same program is also built with `beskid build`
and the executable must do the same. Prints one line a module and ends with
`std-check: N modules, M tests, F failed`; exit 1 on any failure.

    tools/std_check.py [--exe] [--keep DIR] BESKID [MODULE...]
"""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "std", "src")
MOD_RE = re.compile(r"^\s*mod\s+([A-Za-z_][\w.]*)\s*;\s*$")
USE_RE = re.compile(r"^\s*use\s+Std\.([A-Za-z_][\w.]*)\s*;\s*$")
TEST_RE = re.compile(r"^test\s+([A-Za-z_]\w*)\s*\{")


def load_modules():
    modules = {}
    for folder, _, files in os.walk(ROOT):
        for name in sorted(files):
            if not name.endswith(".bd") or name == "Prelude.bd":
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
            module = None
            uses = []
            for line in lines:
                m = MOD_RE.match(line)
                if m and module is None:
                    module = m.group(1)
                u = USE_RE.match(line)
                if u:
                    uses.append(u.group(1))
            rel = os.path.relpath(path, ROOT)
            expected = rel[:-3].replace(os.sep, ".")
            if module != expected:
                sys.exit(f"std-check: {rel}: expected `mod {expected};` first, found {module}")
            tests = [m.group(1) for m in (TEST_RE.match(l) for l in lines) if m]
            modules[module] = {"path": path, "rel": rel, "lines": lines, "uses": uses, "tests": tests}
    return modules


def closure(modules, name):
    seen, todo = [], [name]
    while todo:
        m = todo.pop(0)
        if m in seen:
            continue
        if m not in modules:
            sys.exit(f"std-check: `use Std.{m};` names no module of std/src")
        seen.append(m)
        todo.extend(modules[m]["uses"])
    return seen


def program(modules, name):
    out = []
    for m in closure(modules, name):
        out.append(f"// ---- std/src/{modules[m]['rel']}")
        for line in modules[m]["lines"]:
            if MOD_RE.match(line) or USE_RE.match(line):
                out.append("")  # keep line numbers within each part
                continue
            t = TEST_RE.match(line)
            out.append(f"unit {t.group(1)}() {{" + line[t.end():] if t else line)
    tests = modules[name]["tests"]
    out.append("unit StdCheckMain() {")
    out.extend(f"    {t}();" for t in tests)
    out.append(f'    __syscall_write(1, "ok: {name} ({len(tests)} tests)\\n");')
    out.append("}")
    return "\n".join(out) + "\n"


def run(cmd, cwd):
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    except subprocess.TimeoutExpired:
        return 124, "timed out"
    return p.returncode, p.stdout.decode("utf-8", "replace")


def main(argv):
    exe = "--exe" in argv
    argv = [a for a in argv if a != "--exe"]
    keep = None
    if "--keep" in argv:
        i = argv.index("--keep")
        keep = argv[i + 1]
        del argv[i:i + 2]
    if not argv:
        sys.exit(__doc__)
    beskid = os.path.abspath(argv[0])
    modules = load_modules()
    names = argv[1:] or sorted(modules)
    work = keep or tempfile.mkdtemp(prefix="std-check-")
    os.makedirs(work, exist_ok=True)
    failed = 0
    total_tests = 0
    for name in names:
        if name not in modules:
            sys.exit(f"std-check: no module {name}")
        src = os.path.join(work, name + ".bd")
        with open(src, "w", encoding="utf-8") as f:
            f.write(program(modules, name))
        want = f"ok: {name} ({len(modules[name]['tests'])} tests)"
        runs = [("run", [beskid, "run", src, "--entrypoint", "StdCheckMain"])]
        if exe:
            binary = os.path.join(work, name)
            status, text = run([beskid, "build", src, "--entrypoint", "StdCheckMain", "--plain", "-o", binary], work)
            if status != 0:
                print(f"FAIL: {name} (build)\n{text}  program: {src}")
                failed += 1
                continue
            runs.append(("exe", [binary]))
        ok = True
        for how, cmd in runs:
            status, text = run(cmd, work)
            if status != 0 or want not in text:
                print(f"FAIL: {name} ({how}, exit {status})\n{text}  program: {src}")
                ok = False
        if ok:
            print(want + (" [run, exe]" if exe else " [run]"))
            total_tests += len(modules[name]["tests"])
        else:
            failed += 1
    print(f"std-check: {len(names)} modules, {total_tests} tests passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
