#!/usr/bin/env python3
"""tests/fuzz/smoke.py: a short fuzz smoke of the compiler (CI runs it under
the sanitizers). Feeds random bytes and mutated test files to `beskid parse`,
`beskid check`, `beskid run` and `beskid format`, and mutated artifacts in text form (the
`.ir` test files) to `beskid ir` (reader and verifier), and fails on a crash,
a hang of the front end, a sanitizer report or an internal compiler error.
Deterministic per seed."""
import glob
import os
import random
import subprocess
import sys
import tempfile

BUDGET_SECONDS = float(os.environ.get("FUZZ_SECONDS", "50"))
BAD_MARKERS = (b"AddressSanitizer", b"runtime error:", b"LeakSanitizer", b"internal compiler error",
               b"error[E0601]")  # the formatter changed a tree or is not idempotent
# A generated program that recurses without end overflows its own stack (the
# thread of beskid_rt_run_main); without ASan that is `panic: stack overflow`.
PROGRAM_OVERFLOW = b"AddressSanitizer: stack-overflow"
# The thread is named by a frame of it or, when its frames are all generated
# code, by the place that created it.
PROGRAM_THREAD = (b"in main_thread runtime/rt_init.c", b"in beskid_rt_run_main runtime/rt_init.c")


def mutate(rng, data):
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(5)
        pos = rng.randrange(len(data) + 1)
        if op == 0 and data:
            del data[pos % len(data)]
        elif op == 1:
            data[pos:pos] = bytes([rng.randrange(256)])
        elif op == 2:
            data[pos:pos] = rng.choice([b"{", b"}", b"(", b")", b";", b"\"", b"'", b"${", b"///", b"=>", b"match",
                                        b"[", b"]", b"<", b">", b"::", b"-", b"as", b"mut", b"\\"])
        elif op == 3 and len(data) > 2:
            a = rng.randrange(len(data))
            b = rng.randrange(len(data))
            a, b = min(a, b), max(a, b)
            data[pos:pos] = data[a:b]
        elif data:
            data[pos % len(data)] ^= 1 << rng.randrange(8)
    return bytes(data)


def main():
    import time
    beskid = sys.argv[1]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    corpus = [open(p, "rb").read() for p in sorted(glob.glob(os.path.join(root, "lit", "**", "*.bd"), recursive=True))]
    corpus += [open(p, "rb").read() for p in sorted(glob.glob(os.path.join(os.path.dirname(root), "examples", "*.bd")))]
    corpus_ir = [open(p, "rb").read() for p in sorted(glob.glob(os.path.join(root, "lit", "**", "*.ir"), recursive=True))]
    rng = random.Random(int(os.environ.get("FUZZ_SEED", "1")))
    start = time.time()
    runs = 0
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        source_commands = (("parse", 10, False), ("check", 10, False), ("run", 5, True), ("format", 10, False))
        while time.time() - start < BUDGET_SECONDS:
            if corpus_ir and rng.random() < 0.2:
                data = mutate(rng, rng.choice(corpus_ir))
                path, commands = os.path.join(tmp, "fuzz.ir"), (("ir", 10, False),)
            else:
                if corpus and rng.random() < 0.8:
                    data = mutate(rng, rng.choice(corpus))
                else:
                    data = bytes(rng.randrange(256) for _ in range(rng.randrange(200)))
                path, commands = os.path.join(tmp, "fuzz.bd"), source_commands
            with open(path, "wb") as f:
                f.write(data)
            for command, limit, hang_ok in commands:
                try:
                    proc = subprocess.run([beskid, command, path], capture_output=True, timeout=limit)
                except subprocess.TimeoutExpired:
                    if hang_ok:
                        continue  # a valid program may loop forever
                    status, output = "timeout", b""
                else:
                    # `format` prints the (formatted) source on stdout, which may quote a marker
                    # in a comment (a test's `CHECK-NOT: internal compiler error`): its
                    # diagnostics are on stderr
                    status = proc.returncode
                    output = proc.stderr if command == "format" else proc.stdout + proc.stderr
                runs += 1
                bad = status not in (0, 1, 101) or any(m in output for m in BAD_MARKERS)
                if bad and command == "run" and PROGRAM_OVERFLOW in output and \
                        any(marker in output for marker in PROGRAM_THREAD):
                    bad = False  # the program recursed without end: ASan owns SIGSEGV in an instrumented beskid
                if bad:
                    failures += 1
                    keep = os.path.join(os.path.dirname(root), "build", "fuzz-failure-%d%s" %
                                        (failures, os.path.splitext(path)[1]))
                    with open(keep, "wb") as f:
                        f.write(data)
                    sys.stderr.write("fuzz: `beskid %s` exit %s on %s\n%s\n" %
                                     (command, status, keep, output.decode("utf-8", "replace")[-2000:]))
                    if failures >= 5:
                        break
            if failures >= 5:
                break
    print("fuzz smoke: %d runs, %d failures" % (runs, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
