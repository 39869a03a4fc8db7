#!/usr/bin/env python3
"""bench/gen_scale.py UNITS bd|c: the generated program of bench/scale.sh.

Each unit is 19 lines of Beskid (a struct with two methods, an enum of three
variants matched in a function, string interpolation, a loop) and main calls
every unit's Work function; the C version is the same program as a C
programmer writes it (structs, a tagged struct for the enum, snprintf, the
collector's GC_malloc for every object the Beskid program allocates). Both
print `total: N` with the same N."""
import sys


def beskid(n):
    out = []
    for i in range(n):
        out.append(BD_UNIT.format(i=i))
    out.append("unit main() {\n    mut i64 total = 0;")
    out.extend(f"    total += Work{i}(3);" for i in range(n))
    out.append('    __syscall_write(1, "total: ${total}\\n");\n}')
    return "\n".join(out)


def c(n):
    out = ["#include <gc.h>\n#include <stdint.h>\n#include <stdio.h>\n#include <string.h>"]
    for i in range(n):
        out.append(C_UNIT.format(i=i))
    out.append("int main(void)\n{\n    int64_t total = 0;")
    out.extend(f"    total += Work{i}(3);" for i in range(n))
    out.append('    printf("total: %lld\\n", (long long)total);\n    return 0;\n}')
    return "\n".join(out)


BD_UNIT = """type Point{i} {{ i64 x, i64 y }}
impl Point{i} {{
    i64 Sum() {{ return this.x + this.y; }}
    Point{i} Scale(i64 k) {{ return Point{i} {{ x: this.x * k, y: this.y * k }}; }}
}}
enum Shape{i} {{ Circle(i64 r), Rect(i64 w, i64 h), Empty }}
i64 Area{i}(Shape{i} s) {{
    return match s {{ Shape{i}::Circle(r) => 3 * r * r, Shape{i}::Rect(w, h) => w * h, Shape{i}::Empty => 0 }};
}}
string Describe{i}(Point{i} p) {{ return "p${{p.x}},${{p.y}}"; }}
i64 Work{i}(i64 n) {{
    mut i64 acc = 0;
    for j in range(0, n) {{
        Point{i} p = Point{i} {{ x: j, y: j + {i} }};
        acc += p.Scale(2).Sum() + Area{i}(Shape{i}::Rect(j, 2)) + __str_len(Describe{i}(p));
    }}
    return acc;
}}"""

C_UNIT = """typedef struct Point{i} {{ int64_t x, y; }} Point{i};
static int64_t Point{i}_Sum(const Point{i} *p) {{ return p->x + p->y; }}
static Point{i} *Point{i}_Scale(const Point{i} *p, int64_t k)
{{
    Point{i} *q = GC_malloc(sizeof *q);
    q->x = p->x * k;
    q->y = p->y * k;
    return q;
}}
typedef struct Shape{i} {{ int tag; int64_t a, b; }} Shape{i};
static int64_t Area{i}(const Shape{i} *s)
{{
    switch (s->tag) {{
    case 0: return 3 * s->a * s->a;
    case 1: return s->a * s->b;
    default: return 0;
    }}
}}
static char *Describe{i}(const Point{i} *p)
{{
    char *b = GC_malloc_atomic(48);
    snprintf(b, 48, "p%lld,%lld", (long long)p->x, (long long)p->y);
    return b;
}}
static int64_t Work{i}(int64_t n)
{{
    int64_t acc = 0;
    for (int64_t j = 0; j < n; j++) {{
        Point{i} *p = GC_malloc(sizeof *p);
        p->x = j;
        p->y = j + {i};
        Shape{i} *s = GC_malloc(sizeof *s);
        s->tag = 1;
        s->a = j;
        s->b = 2;
        acc += Point{i}_Sum(Point{i}_Scale(p, 2)) + Area{i}(s) + (int64_t)strlen(Describe{i}(p));
    }}
    return acc;
}}"""

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[2] not in ("bd", "c") or not sys.argv[1].isdigit():
        sys.exit("usage: gen_scale.py UNITS bd|c")
    n = int(sys.argv[1])
    print(beskid(n) if sys.argv[2] == "bd" else c(n))
