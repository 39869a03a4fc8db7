"""Writes the program of inline-budget.test: N functions of about 300 artifact
instructions, each called once from main."""
import sys

n = int(sys.argv[1])
for i in range(n):
    print(f"i64 F{i}(i64 x) {{")
    print("    mut i64 v = x;")
    for k in range(30):
        print(f"    v = v * {31 + k} + (v / 7) % 13 + {i};")
    print("    return v;")
    print("}")
print("i64 main() {")
print("    mut i64 t = __str_len(__syscall_read(0, 1));  // unknown to the optimiser")
for i in range(n):
    print(f"    t += F{i}(t);")
print("    return t % 100;")
print("}")
