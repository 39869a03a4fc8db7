#!/usr/bin/env python3
"""tests/fuzz/differential.py BESKID [SECONDS]: the differential check of
issue 12. Programs (the test programs with a `main`, the fuzz corpus, and
token-level mutations of both) that `beskid check` accepts are run under
`beskid run -O0` and as a default (-O0) executable, and under `beskid run`
(-O2) and as a `build --release` executable; their stdout and exit status must
agree (backends.md §0a item 15). `run` prints main's result on a last line
and exits 0 where an executable exits with it, so the comparison maps one to
the other by main's declared type. Each `run` is made twice on a cache of the
check's own: the second comes from the compiled-code cache (the launcher's
shared object) and must print exactly what the first printed, stderr and
status included. Stops after SECONDS (default 60); exits 1 on a
disagreement, keeping the program as build/differential-N.bd."""
import glob
import os
import random
import re
import subprocess
import sys
import tempfile
import time

TIMEOUT = 10
TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|[A-Za-z_][A-Za-z_0-9]*|\d+(?:\.\d+)?|'
                   r'===|!==|==|!=|<=|>=|&&|\|\||=>|::|\+=|-=|\*=|/=|%=|//[^\n]*|\s+|.', re.S)
EDGE_INTS = ["0", "1", "2", "7", "255", "256", "1000000", "2147483647", "9223372036854775807"]
OPERATORS = ["+", "-", "*", "/", "%", "<", ">", "<=", ">=", "==", "!="]
MAIN_TYPE = re.compile(r"(?:^|[;}])\s*(\w+)\s+main\s*\(")
COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)


def main_type_of(source):
    """main's declared return type, comments aside ("unit" if none is found)."""
    m = MAIN_TYPE.search(COMMENT.sub(" ", source))
    return m.group(1) if m else "unit"


def mutate(rng, text):
    tokens = TOKEN.findall(text)
    for _ in range(rng.randint(1, 3)):
        if not tokens:
            break
        i = rng.randrange(len(tokens))
        t = tokens[i]
        op = rng.randrange(4)
        if op == 0 and t.isdigit():
            tokens[i] = rng.choice(EDGE_INTS)
        elif op == 1 and t in OPERATORS:
            tokens[i] = rng.choice(OPERATORS)
        elif op == 2:
            same = [u for u in tokens if u.isidentifier() == t.isidentifier() and u.strip() and (u.isidentifier() or u.isdigit() == t.isdigit())]
            if same:
                tokens[i] = rng.choice(same)
        else:
            j = rng.randrange(len(tokens))
            tokens[i:i] = tokens[j:j + rng.randint(1, 6)]
    return "".join(tokens)


def run(cmd, cwd):
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None
    return p.returncode, p.stdout, p.stderr


def panic_report(stderr):
    """The part of a stderr from its "panic:" line on (all of it without one)."""
    at = stderr.find(b"panic: ")
    while at > 0 and stderr[at - 1:at] != b"\n":
        at = stderr.find(b"panic: ", at + 1)
    return stderr[at:] if at >= 0 else stderr


def expected_status(main_type, result):
    """The exit status an executable gives for the result `run` printed."""
    if main_type in ("i64", "i32", "u8"):
        try:
            return int(result) & 0xFF
        except ValueError:
            return None
    if main_type == "bool":
        return 1 if result == b"true" else 0
    return 0


def compare(beskid, path, tmp, level):
    jit = run([beskid, "run", "-O%d" % level, path], tmp)
    cached = run([beskid, "run", "-O%d" % level, path], tmp)
    # A sanitizer's report (ASan's own stack-overflow report, say) names pids
    # and addresses: not program output, and never the same twice.
    sanitized = jit is not None and cached is not None and b"Sanitizer" in jit[2] + cached[2]
    if jit is not None and cached is not None and cached != jit and not sanitized:
        return "-O%d: a second run (from the cache) differs: exit %s stdout %r stderr %r, first exit %s stdout %r " \
               "stderr %r" % (level, cached[0], cached[1][-300:], cached[2][-300:], jit[0], jit[1][-300:], jit[2][-300:])
    exe_path = os.path.join(tmp, "prog")
    build = run([beskid, "build", path, "--plain", "-o", exe_path] + (["--release"] if level else []), tmp)
    if jit is None or build is None or build[0] != 0:
        return None  # a hang, or a program only one backend can build (reported by the fuzz smoke)
    exe = run([exe_path], tmp)
    if exe is None:
        return None
    # Under ASan (which owns SIGSEGV in beskid itself) a program that recurses
    # without end gets ASan's stack-overflow report from the program's thread
    # instead of `panic: stack overflow`: not comparable (smoke.py knows it too).
    if exe[0] == 101 and exe[2] == b"panic: stack overflow\n" and b"AddressSanitizer: stack-overflow" in jit[2] and \
            (b"in main_thread runtime/rt_init.c" in jit[2] or b"in beskid_rt_run_main runtime/rt_init.c" in jit[2]):
        return None
    main_type = main_type_of(open(path, encoding="utf-8", errors="replace").read())
    if main_type == "never":
        return True
    if jit[0] == 0:
        # `run` printed the program's output, then the result and a newline
        out = exe[1]
        result = jit[1][len(out):-1] if jit[1].startswith(out) and jit[1].endswith(b"\n") else None
        agree = exe[0] != 101 and result is not None and b"\n" not in result and \
            expected_status(main_type, result) in (exe[0], None)
    else:
        # A panic's report must agree; `run`'s stderr also holds the
        # compiler's warnings before it, which an executable never prints.
        agree = (jit[0], jit[1]) == (exe[0], exe[1]) and (jit[0] != 101 or panic_report(jit[2]) == exe[2])
    if not agree:
        return "-O%d: run exit %s stdout %r stderr %r; executable exit %s stdout %r stderr %r" % (
            level, jit[0], jit[1][-300:], jit[2][-300:], exe[0], exe[1][-300:], exe[2][-300:])
    return True


def main():
    beskid = os.path.abspath(sys.argv[1])
    budget = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    files = sorted(glob.glob(os.path.join(root, "tests", "lit", "**", "*.bd"), recursive=True))
    files += sorted(glob.glob(os.path.join(root, "examples", "*.bd")))
    files += sorted(glob.glob(os.path.join(root, "tests", "fuzz", "corpus", "pipeline", "*")))
    programs = []
    for f in files:
        text = open(f, encoding="utf-8", errors="replace").read()
        if MAIN_TYPE.search(COMMENT.sub(" ", text)) and "extern" not in text.lower():
            programs.append(text)
    rng = random.Random(int(os.environ.get("FUZZ_SEED", "1")))
    start = time.time()
    compared = failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = os.path.join(tmp, "cache")  # the check's own compiled-code cache
        os.environ["BESKID_CORELIB_ROOT"] = os.path.join(tmp, "corelib")  # and corelib copy
        path = os.path.join(tmp, "prog.bd")
        while time.time() - start < budget and failures < 3:
            text = rng.choice(programs)
            if rng.random() < 0.7:
                text = mutate(rng, text)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            checked = run([beskid, "check", path], tmp)
            if checked is None or checked[0] != 0:
                continue
            for level in (0, 2):
                verdict = compare(beskid, path, tmp, level)
                if verdict is None:
                    continue
                compared += 1
                if verdict is not True:
                    failures += 1
                    keep = os.path.join(root, "build", "differential-%d.bd" % failures)
                    with open(keep, "w", encoding="utf-8") as f:
                        f.write(text)
                    sys.stderr.write("differential: %s: %s\n" % (keep, verdict))
    print("differential: %d comparisons, %d disagreements" % (compared, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
