#!/usr/bin/env python3
"""tests/lit/tools/regen_golden.py: rewrites the expected output of golden
diagnostic tests (tests/lit/diag/mistakes/*.bd) from what the compiler prints
now. Each file is its source program, then a `// Golden:` comment line, the
RUN lines and the full human and JSON output. Review the diff before
committing: a golden test is only as good as the output it was made from.

    tests/lit/tools/regen_golden.py [--beskid build/debug/beskid] FILE.bd...
"""
import argparse
import os
import subprocess


def escape(line):
    # FileCheck reads {{ and [[ as a regex and a variable
    return line.replace("{{", "{{[{][{]}}").replace("[[", "{{\\[\\[}}")


def checks(prefix, text):
    out = []
    for i, line in enumerate(text.rstrip("\n").split("\n")):
        if line == "":
            out.append(f"// {prefix}-EMPTY:")
        else:
            out.append(f"// {prefix if i == 0 else prefix + '-NEXT'}:{escape(line)}")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--beskid", default="build/debug/beskid")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    beskid = os.path.abspath(args.beskid)
    for path in args.files:
        text = open(path).read()
        marker = text.index("// Golden: ")
        source = text[:marker]
        what = text[marker:].split("\n", 1)[0]
        directory, name = os.path.split(os.path.abspath(path))
        run = lambda *flags: subprocess.run([beskid, "check", *flags, name], cwd=directory, capture_output=True,
                                            text=True).stderr
        lines = [what,
                 "// The full human output, then the JSON lines (--message-format json).",
                 f"// RUN: cd %S && not %beskid check {name} 2>&1 | FileCheck %s --match-full-lines --strict-whitespace",
                 f"// RUN: cd %S && not %beskid check --message-format json {name} 2>&1 | FileCheck %s "
                 "--check-prefix=JSON --match-full-lines --strict-whitespace"]
        lines += checks("CHECK", run())
        lines += checks("JSON", run("--message-format", "json"))
        open(path, "w").write(source + "\n".join(lines) + "\n")
        print("wrote", path)


if __name__ == "__main__":
    main()
