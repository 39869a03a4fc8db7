#!/usr/bin/env python3
"""tools/test_check_deps.py: plants each kind of layering violation in a
temporary copy of src/ and runtime/ and checks that tools/check_deps.py fails
on it with a message naming the file (and passes on the clean tree and on the
look-alikes it must ignore). Ends with `N passed, M failed`."""
import contextlib
import importlib.util
import io
import os
import shutil
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
CHECKER = os.path.join(ROOT, "tools", "check_deps.py")

# (name, file to plant into, text appended to it, expected message fragment
#  or None when the tree must still pass)
CASES = [
    ("relative include", "src/lower/lower.c", '#include "../sema/sema.h"\n', "relative include"),
    ("relative include inside the layer", "src/sema/check.c", '#include "../sema/types.h"\n', "relative include"),
    ("bare include from another folder", "src/lower/lower.c", '#include "sema.h"\n', '"sema/sema.h"'),
    ("bare include from its own folder", "src/codegen/cg_func.c", '#include "codegen.h"\n', "bare include"),
    ("indented include", "src/sema/check.c", '   #  include "lower/lower.h"\n', "must not include src/lower/lower.h"),
    ("include after a tab", "src/syntax/lexer.c", '\t#include "sema/sema.h"\n', "must not include src/sema/sema.h"),
    ("internal header from another folder", "src/cli/compile.c", '#include "codegen/cg_internal.h"\n',
     "internal to src/codegen"),
    ("jit includes aot", "src/backend/jit/jit.c", '#include "backend/aot/aot.h"\n', "must not include src/backend/aot"),
    ("aot includes jit", "src/backend/aot/aot.c", '#include "backend/jit/jit.h"\n', "must not include src/backend/jit"),
    ("codegen includes a backend", "src/codegen/cg_func.c", '#include "backend/jit/jit.h"\n', "must not include"),
    ("lower includes a sema header other than program.h", "src/lower/lower.c", '#include "sema/types.h"\n',
     "must not include src/sema/types.h"),
    ("lower includes the checker", "src/lower/lower_expr.c", '#include "sema/checker.h"\n',
     "must not include src/sema/checker.h"),
    ("artifact includes lower", "src/artifact/ir.c", '#include "lower/lower.h"\n', "must not include"),
    ("support includes syntax", "src/support/vec.c", '#include "syntax/ast.h"\n', "must not include"),
    ("llvm-c in sema", "src/sema/check.c", "#include <llvm-c/Core.h>\n", "llvm-c"),
    ("llvm-c in cli", "src/cli/compile.c", "#include <llvm-c/Core.h>\n", "llvm-c"),
    ("project header with <>", "src/cli/compile.c", "#include <sema/sema.h>\n", "with quotes"),
    ("runtime/include outside the backend", "src/lower/lower.c", '#include "beskid_rt.h"\n',
     "must not include runtime/include/beskid_rt.h"),
    ("runtime includes sema", "runtime/rt_alloc.c", '#include "sema/sema.h"\n', "must not include src/sema/sema.h"),
    ("public runtime header includes the internal one", "runtime/include/beskid_rt.h",
     '#include "../rt_internal.h"\n', "internal to runtime"),
    ("file in no layer", "src/newlayer/x.c", "int x;\n", "in no layer"),
    ("printf below cli", "src/sema/check.c", 'static void planted(void) { printf("x"); }\n', "printf()"),
    ("fputs to stderr below cli", "src/lower/lower.c", 'static void planted(void) { fputs("x", stderr); }\n',
     "stderr"),
    ("fprintf(stderr) below cli", "src/codegen/cg_func.c",
     'static void planted(void) { fprintf(stderr, "x"); }\n', "stderr"),
    ("puts below cli", "src/syntax/lexer.c", 'static void planted(void) { puts("x"); }\n', "puts()"),
    ("putchar below cli", "src/artifact/ir.c", "static void planted(void) { putchar('x'); }\n", "putchar()"),
    ("abort below cli", "src/support/vec.c", "static void planted(void) { abort(); }\n", "abort()"),
    ("exit below cli", "src/backend/aot/aot.c", "static void planted(void) { exit (1); }\n", "exit()"),
    ("stdout below cli", "src/backend/jit/jit.c", "static FILE *planted(void) { return stdout; }\n", "stdout"),
    # Look-alikes that must not fail.
    ("forbidden include in a comment", "src/sema/check.c",
     '/* #include "lower/lower.h"\n   #include <llvm-c/Core.h> */\n// #include "backend/aot/aot.h"\n', None),
    ("printf and stderr in comments and strings", "src/sema/check.c",
     '/* printf("x"); exit(1); */\nstatic const char *planted = "printf(stderr) abort()"; // puts(x)\n', None),
    ("names that contain a forbidden one", "src/lower/lower.c",
     "static void planted(Arena *a, FILE *out) { arena_printf(a, \"%d\", 1); fprintf(out, \"x\"); }\n", None),
    ("printf in cli", "src/cli/compile.c", 'static void planted(void) { printf("x"); }\n', None),
    ("the assertion handler", "src/support/check.c", 'static void planted(void) { fputs("x", stderr); }\n', None),
    ("runtime includes the abi", "runtime/rt_alloc.c", '#include "abi/planted.h"\n', None),
    ("lower includes the checked program", "src/lower/lower.c", '#include "sema/program.h"\n', None),
    ("backend includes the runtime header", "src/backend/aot/aot.c", '#include "beskid_rt.h"\n', None),
]


def copy_tree(dest):
    for top in ("src", "runtime"):
        shutil.copytree(os.path.join(ROOT, top), os.path.join(dest, top))
    os.makedirs(os.path.join(dest, "src", "abi"), exist_ok=True)
    with open(os.path.join(dest, "src", "abi", "planted.h"), "w") as f:
        f.write("/* abi/planted.h: a stand-in ABI header */\n#include <stdint.h>\n")


def load_checker():
    spec = importlib.util.spec_from_file_location("check_deps", CHECKER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_checker(checker, root):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = checker.main(["check_deps.py", "--root", root])
    return status, out.getvalue()


def run_case(checker, tmp, path, text, expected):
    """Plants text at the end of path (a new file if it does not exist),
    runs the checker, then puts the file back."""
    target = os.path.join(tmp, path)
    original = None
    if os.path.exists(target):
        with open(target) as f:
            original = f.read()
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "a") as f:
        f.write("\n" + text)
    try:
        status, out = run_checker(checker, tmp)
    finally:
        if original is None:
            os.remove(target)
        else:
            with open(target, "w") as f:
                f.write(original)
    if expected is None:
        if status == 0:
            return None
        return f"expected a pass, got exit {status}:\n{out}"
    lines = [line for line in out.splitlines() if line.startswith(path + ":") and expected in line]
    if status != 1:
        return f"expected exit 1, got {status}:\n{out}"
    if not lines:
        return f"no line naming {path} with '{expected}':\n{out}"
    return None


def main():
    passed = failed = 0

    def record(name, problem):
        nonlocal passed, failed
        if problem is None:
            passed += 1
            print(f"ok: check-deps: {name}")
        else:
            failed += 1
            print(f"FAIL: check-deps: {name}: {problem}")

    checker = load_checker()
    with tempfile.TemporaryDirectory() as tmp:
        copy_tree(tmp)
        status, out = run_checker(checker, tmp)
        record("clean tree", None if status == 0 and "check-deps: ok" in out else f"exit {status}:\n{out}")
        for name, path, text, expected in CASES:
            record(name, run_case(checker, tmp, path, text, expected))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
