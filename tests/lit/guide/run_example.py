#!/usr/bin/env python3
"""Runs one example of the language guide (docs/guide/examples/NN-name.bd)
under both backends and compares with its sibling NN-name.expect:

    <the exact stdout of `beskid run NN-name.bd`: the program's output, then
     the line main's result prints, absent after a panic>
    [exit N]            the exit status of the executable `beskid build` makes
    [stderr] TEXT       optional, repeatable: a line both runs print on stderr

`beskid run` must exit 0 (101 when N is 101, a panic: then both stdouts
are the same, with no result line); the executable's stdout is the run's
without its last line (the result). Usage: run_example.py BESKID FILE.bd TMPDIR
"""
import os
import subprocess
import sys


def parse_expect(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    stdout, status, stderr = [], None, []
    for line in lines:
        if status is None and line.startswith("[exit ") and line.endswith("]"):
            status = int(line[6:-1])
        elif status is None:
            stdout.append(line)
        elif line.startswith("[stderr] "):
            stderr.append(line[9:])
        else:
            sys.exit(f"{path}: unexpected line after [exit N]: {line!r}")
    if status is None:
        sys.exit(f"{path}: no [exit N] line")
    return "".join(s + "\n" for s in stdout), status, stderr


def run(cmd, what):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"), p.returncode


def check(what, got_out, got_err, got_status, want_out, want_status, want_err):
    ok = True
    if got_out != want_out:
        print(f"{what}: stdout differs\n--- expected\n{want_out}--- got\n{got_out}---")
        ok = False
    if got_status != want_status:
        print(f"{what}: exit status {got_status}, expected {want_status}\nstderr:\n{got_err}")
        ok = False
    err_lines = got_err.split("\n")
    for line in want_err:
        if line not in err_lines:
            print(f"{what}: stderr lacks the line {line!r}\nstderr:\n{got_err}")
            ok = False
    return ok


def main():
    beskid, source, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
    want_out, want_status, want_err = parse_expect(os.path.splitext(source)[0] + ".expect")
    panics = want_status == 101
    ok = True
    out, err, status = run([beskid, "run", source], "run")
    ok &= check("beskid run", out, err, status, want_out, 101 if panics else 0, want_err)
    os.makedirs(tmp, exist_ok=True)
    exe = os.path.join(tmp, os.path.splitext(os.path.basename(source))[0])
    bout, berr, bstatus = run([beskid, "build", source, "--plain", "-o", exe], "build")
    if bstatus != 0:
        print(f"beskid build failed ({bstatus}):\n{bout}{berr}")
        sys.exit(1)
    exe_out = want_out
    if not panics:
        exe_out = "".join(l + "\n" for l in want_out.split("\n")[:-2])
    out, err, status = run([exe], "exe")
    ok &= check("executable", out, err, status, exe_out, want_status, want_err)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
