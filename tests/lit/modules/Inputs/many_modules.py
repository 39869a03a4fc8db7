#!/usr/bin/env python3
"""Writes a program of N module files of F functions each into DIR
(many-modules.test): main.bd declares them and calls the last of each."""
import os
import sys

out, n, f = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "main.bd"), "w") as main:
    for m in range(n):
        main.write(f"pub mod m{m};\n")
    main.write("i64 main() {\n    i64 mut s = 0;\n")
    for m in range(n):
        main.write(f"    s = s + m{m}.f{f - 1}();\n")
    main.write("    return s;\n}\n")
for m in range(n):
    with open(os.path.join(out, f"m{m}.bd"), "w") as mod:
        mod.write("pub i64 f0() { return 1; }\n")
        for i in range(1, f):
            mod.write(f"pub i64 f{i}() {{ return f{i - 1}() + 1; }}\n")
