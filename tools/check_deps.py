#!/usr/bin/env python3
"""tools/check_deps.py: the layering of STYLE.md §3.1, checked on every
#include and on the process-wide side effects below the CLI.

    tools/check_deps.py [--root DIR]      (default: the repository)

Checks, on src/ and runtime/ (comments and string literals are ignored):
  - a quoted include is written from src/ ("sema/sema.h"): no "../x.h", no
    bare "x.h" (runtime/ files may use their own folder and runtime/include);
  - the included file's layer is one the includer's layer may see (LAYERS);
  - <x_internal.h> stays inside its own folder;
  - <llvm-c/...> only where LAYERS says "llvm-c"; a project header is never
    included with <...>;
  - below cli/ and main.c nothing writes to stdout/stderr or stops the
    process (printf, puts, abort, exit, ... or any use of stdout/stderr):
    code below the CLI writes to a FILE * it is given and reports
    diagnostics as values. support/check.c (bsk_die) is the one exception.
Each violation is printed as `path:line: message`; exit status 1 if any.
"""
import os
import re
import sys

# The one table. A layer is a folder (the longest matching prefix wins);
# "llvm-c" stands for <llvm-c/...>. Every layer may include itself.
LAYERS = {
    "src/support": [],
    "src/abi": [],  # runtime ABI table and heap layouts: libc only
    "src/syntax": ["src/support"],
    "src/project": ["src/support"],
    # packages and the registry client (issue 16): projects, HTTP, ZIP; no compiler
    "src/pckg": ["src/support", "src/project"],
    "src/artifact": ["src/support", "src/abi"],
    "src/sema": ["src/support", "src/syntax", "src/sema/program.h", "src/sema/builtins.def"],
    # The checked program: the one sema header lowering may read, and the
    # builtin table it is declared with (lowering reads each builtin's runtime function).
    "src/sema/program.h": ["src/support", "src/syntax", "src/sema/builtins.def"],
    "src/sema/builtins.def": [],
    "src/lower": ["src/support", "src/syntax", "src/sema/program.h", "src/sema/builtins.def", "src/artifact",
                  "src/abi"],
    "src/codegen": ["src/support", "src/artifact", "src/abi", "llvm-c"],
    # `beskid doc` (issue 15): the checked program's syntax trees in, api.json/index.md/HTML out.
    "src/doc": ["src/support", "src/syntax"],
    # jit and aot are two backends: neither includes the other.
    "src/backend/jit": ["src/support", "src/artifact", "src/codegen", "src/abi", "llvm-c", "runtime/include"],
    "src/backend/aot": ["src/support", "src/artifact", "src/codegen", "src/abi", "llvm-c", "runtime/include"],
    # The CLI chooses a backend; it sees the whole compiler but not LLVM or the runtime.
    "src/cli": ["src/support", "src/abi", "src/syntax", "src/project", "src/pckg", "src/artifact", "src/sema",
                "src/sema/program.h", "src/lower", "src/codegen", "src/backend/jit", "src/backend/aot", "src/doc"],
    "src/main.c": ["src/cli", "src/support", "src/abi", "src/syntax", "src/project", "src/pckg", "src/artifact",
                   "src/sema", "src/sema/program.h", "src/lower", "src/codegen", "src/backend/jit", "src/backend/aot"],
    # The launcher (`beskid`): the CLI's front end, the JIT's cache and entry call, no LLVM linked.
    "src/launch": ["src/cli", "src/support", "src/abi", "src/artifact", "src/codegen", "src/backend/jit",
                   "runtime/include"],
    "runtime/include": ["src/abi"],
    "runtime": ["runtime/include", "src/abi"],
}

# Includes that break the table today and are being removed; reported, not
# failed. Delete an entry once its include is gone (the checker says when).
PENDING = {}

# Files below the CLI that may write to stderr and stop the process.
EFFECT_EXCEPTIONS = {"src/support/check.c"}  # bsk_die: the assertion handler
EFFECT_FREE = [layer for layer in LAYERS if layer.startswith("src/") and layer not in ("src/cli", "src/main.c", "src/launch")]
EFFECT_RE = re.compile(
    r"(?<![\w.>])(printf|vprintf|puts|putchar|perror|abort|exit|_exit|_Exit|quick_exit)\s*\("
    r"|(?<![\w.>])(stdout|stderr)\b")

INCLUDE_RE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*([<"])([^>"]*)[>"]')
SOURCE_EXT = (".c", ".h", ".def")


TOKEN_RE = re.compile(r"/\*.*?(?:\*/|\Z)|//[^\n]*|\"(?:\\.|[^\"\\\n])*\"?|'(?:\\.|[^'\\\n])*'?", re.S)


def strip_comments(text, blank_strings):
    """Replaces comments (and, if asked, string and char literals) by spaces,
    keeping newlines so that line numbers stay right."""
    def blank(m):
        token = m.group(0)
        if token[0] in "\"'":
            if not blank_strings:
                return token
            closed = len(token) > 1 and token[-1] == token[0]
            return token[0] + " " * (len(token) - 2) + token[0] if closed else token[0] + " " * (len(token) - 1)
        return re.sub(r"[^\n]", " ", token)
    return TOKEN_RE.sub(blank, text)


def layer_of(path):
    """The longest LAYERS key that is path or a folder above it."""
    best = None
    for layer in LAYERS:
        if path == layer or path.startswith(layer + "/"):
            if best is None or len(layer) > len(best):
                best = layer
    return best


def sources(root):
    for top in ("src", "runtime"):
        for folder, dirs, files in os.walk(os.path.join(root, top)):
            dirs.sort()
            for name in sorted(files):
                if name.endswith(SOURCE_EXT):
                    yield os.path.relpath(os.path.join(folder, name), root)


def resolve(root, path, name):
    """Where the compiler finds "name" included from path: its own folder
    first, then -Isrc and -Iruntime/include. Returns (target, how)."""
    candidates = [(os.path.join(os.path.dirname(path), name), "local"),
                  (os.path.join("src", name), "src"),
                  (os.path.join("runtime/include", name), "runtime/include")]
    for candidate, how in candidates:
        candidate = os.path.normpath(candidate)
        if os.path.isfile(os.path.join(root, candidate)):
            if how == "local" and candidate == os.path.normpath(candidates[1][0]):
                how = "src"  # a file directly in src/ (main.c)
            return candidate, how
    return None, None


def find_by_name(root, name):
    base = os.path.basename(name)
    return [p for p in sources(root) if os.path.basename(p) == base]


def check_include(root, path, layer, lineno, kind, name, report):
    where = f"{path}:{lineno}"
    if kind == "<":
        if name.startswith("llvm-c/"):
            if "llvm-c" not in LAYERS[layer]:
                report(f"{where}: layer {layer} must not include <{name}> (llvm-c only in codegen and backend)")
            return
        target, how = resolve(root, path, name)
        if target and how != "local":
            report(f'{where}: project header <{name}> must be included with quotes ("{name}")')
        return
    parts = name.split("/")
    target, how = resolve(root, path, name)
    if name.startswith("/") or ".." in parts or "." in parts:
        report(f'{where}: relative include "{name}": write includes from src/'
               + (f' ("{target[4:]}")' if target and target.startswith("src/") else ""))
    elif target is None:
        hint = ", ".join(f'"{p[4:]}"' if p.startswith("src/") else p for p in find_by_name(root, name))
        report(f'{where}: include "{name}" not found from src/ or runtime/include'
               + (f" (write it from src/: {hint})" if hint else ""))
        return
    elif how == "local" and path.startswith("src/"):
        report(f'{where}: bare include "{name}": write includes from src/ ("{target[4:]}")')
    if target is None:
        return
    target_layer = layer_of(target)
    if target_layer is None:
        report(f"{where}: {target} is in no layer of tools/check_deps.py")
    elif target_layer != layer and target_layer not in LAYERS[layer]:
        report(f"{where}: layer {layer} must not include {target} (layer {target_layer})", (path, target))
    if os.path.basename(target).endswith("_internal.h") and os.path.dirname(target) != os.path.dirname(path):
        report(f"{where}: {target} is internal to {os.path.dirname(target)}/", (path, target))


def check_file(root, path, report):
    layer = layer_of(path)
    if layer is None:
        report(f"{path}:1: file is in no layer: add its folder to LAYERS in tools/check_deps.py")
        return
    with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
        text = f.read()
    code = strip_comments(text, blank_strings=False)
    for lineno, line in enumerate(code.split("\n"), 1):
        m = INCLUDE_RE.match(line)
        if m:
            check_include(root, path, layer, lineno, m.group(1), m.group(2), report)
    if layer in EFFECT_FREE and path not in EFFECT_EXCEPTIONS:
        bare = strip_comments(text, blank_strings=True)
        for lineno, line in enumerate(bare.split("\n"), 1):
            m = EFFECT_RE.search(line)
            if m:
                what = m.group(1) + "()" if m.group(1) else m.group(2)
                report(f"{path}:{lineno}: {what} below the CLI: write to a FILE * you are given, "
                       "report a diagnostic or use BSK_ASSERT")


def main(argv):
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    if len(argv) == 3 and argv[1] == "--root":
        root = argv[2]
    elif len(argv) != 1:
        print("usage: tools/check_deps.py [--root DIR]", file=sys.stderr)
        return 2
    root = os.path.abspath(root)
    problems = []
    pending = set()

    def report(message, key=None):
        if key in PENDING:
            pending.add(key)
        else:
            problems.append(message)

    for path in sources(root):
        check_file(root, path, report)
    for problem in problems:
        print(problem)
    for key, why in PENDING.items():
        if key in pending:
            print(f"check-deps: pending, allowed for now: {key[0]} includes {key[1]} ({why})")
        else:
            print(f"check-deps: {key[0]} no longer includes {key[1]}: delete its PENDING entry")
    if problems:
        print(f"check-deps: {len(problems)} violation(s) of the layering (STYLE.md §3.1)")
        return 1
    print("check-deps: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
