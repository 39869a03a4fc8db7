#!/usr/bin/env python3
"""Checks that the language guide (docs/guide/*.md) shows its examples as
they are: every fenced code block tagged `beskid` is preceded (on the line
before its fence) by a marker naming a file under docs/guide/:

    <!-- file: examples/NN-name.bd -->      the block equals the whole file
    <!-- excerpt: examples/NN-name.bd -->   the block is a run of whole lines of the file

Blocks of other languages may carry the same markers, and

    <!-- output: examples/NN-name.bd -->    the block equals the `beskid run`
                                            stdout that NN-name.expect pins

Every example program (docs/guide/examples/**/*.bd) must be shown whole
somewhere, and every single-file example must have its test in
tests/lit/guide/. Usage: check_chapters.py GUIDE_DIR LIT_GUIDE_DIR [--update]
(--update rewrites the file and output blocks from the files, then checks).
"""
import glob
import os
import re
import sys

MARKER = re.compile(r"^<!-- (file|excerpt|output): (\S+) -->$")
FENCE = re.compile(r"^```(\w*)\s*$")


def expected_run_stdout(path):
    lines = []
    with open(os.path.splitext(path)[0] + ".expect", encoding="utf-8") as f:
        for line in f.read().split("\n"):
            if line.startswith("[exit "):
                break
            lines.append(line)
    return "".join(l + "\n" for l in lines)


def update(guide):
    for chapter in sorted(glob.glob(os.path.join(guide, "*.md"))):
        with open(chapter, encoding="utf-8") as f:
            lines = f.read().split("\n")
        out, i = [], 0
        while i < len(lines):
            out.append(lines[i])
            marker = MARKER.match(lines[i])
            if marker and marker.group(1) != "excerpt" and i + 1 < len(lines) and FENCE.match(lines[i + 1]):
                path = os.path.normpath(os.path.join(guide, marker.group(2)))
                j = i + 2
                while j < len(lines) and lines[j] != "```":
                    j += 1
                if marker.group(1) == "file":
                    with open(path, encoding="utf-8") as f:
                        body = f.read()
                else:
                    body = expected_run_stdout(path)
                out.append(lines[i + 1])
                out.extend(body.split("\n")[:-1])
                i = j
                continue
            i += 1
        with open(chapter, "w", encoding="utf-8") as f:
            f.write("\n".join(out))


def main():
    guide, lit_dir = sys.argv[1], sys.argv[2]
    if sys.argv[3:] == ["--update"]:
        update(guide)
    errors = []
    shown = set()
    for chapter in sorted(glob.glob(os.path.join(guide, "*.md"))):
        with open(chapter, encoding="utf-8") as f:
            lines = f.read().split("\n")
        i = 0
        while i < len(lines):
            m = FENCE.match(lines[i])
            if not m:
                i += 1
                continue
            lang, start = m.group(1), i
            j = i + 1
            while j < len(lines) and lines[j] != "```":
                j += 1
            body = "".join(l + "\n" for l in lines[i + 1:j])
            where = f"{chapter}:{start + 1}"
            marker = MARKER.match(lines[start - 1]) if start > 0 else None
            if marker is None:
                if lang == "beskid":
                    errors.append(f"{where}: a beskid block without a file/excerpt marker on the line before")
                i = j + 1
                continue
            kind, rel = marker.groups()
            path = os.path.normpath(os.path.join(guide, rel))
            if not os.path.isfile(path):
                errors.append(f"{where}: {rel} does not exist")
            elif kind == "file":
                with open(path, encoding="utf-8") as f:
                    if f.read() != body:
                        errors.append(f"{where}: the block differs from {rel}")
                shown.add(path)
            elif kind == "excerpt":
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                if not (text.startswith(body) or ("\n" + body) in text):
                    errors.append(f"{where}: the block is not a run of whole lines of {rel}")
            elif expected_run_stdout(path) != body:
                errors.append(f"{where}: the block differs from the run output {os.path.splitext(rel)[0]}.expect pins")
            i = j + 1
    for program in sorted(glob.glob(os.path.join(guide, "examples", "**", "*.bd"), recursive=True)):
        program = os.path.normpath(program)
        if program not in shown:
            errors.append(f"{program}: not shown whole in any chapter")
        if os.path.dirname(program) == os.path.normpath(os.path.join(guide, "examples")):
            stem = os.path.splitext(os.path.basename(program))[0]
            if not os.path.isfile(os.path.join(lit_dir, stem + ".test")):
                errors.append(f"{program}: no tests/lit/guide/{stem}.test runs it")
    for e in errors:
        print(e)
    print(f"{len(errors)} problem(s)")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
