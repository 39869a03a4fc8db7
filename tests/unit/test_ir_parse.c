/* test_ir_parse.c: the IR text reader (artifact/ir_parse.c).
 * A sample that uses every construct of the text form reads back and prints
 * byte for byte; each kind of error yields its code at the right line and
 * column; and no mutation of the sample (every prefix, every byte replaced,
 * every line deleted) makes the reader, or the verifier and printer after
 * it, crash or hang (run under asan by `make MODE=asan test`). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "artifact/ir_parse.h"
#include "artifact/ir_print.h"
#include "artifact/ir_verify.h"

static const char sample[] =
    "; beskid artifact v1\n"
    "data $_Bstr0 = string \"hello\\n\"\n"
    "data $_Bstr1 = string \"q\\\"b\\\\\\x01\\xff\\t\"\n"
    "data $desc0 = descriptor align 8 \"\\x10\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x08\\x00\\x00\\x00\\x00\\x00\\x00\\x00\""
    " reloc +0 = funcaddr $callee, +8 = $_Bstr0\n"
    "runtime str_new(ptr, i64) -> ptr\n"
    "runtime beskid_rt_panic_div_zero() -> void noreturn\n"
    "extern puts(ptr) -> i32 abi=C library=libc.so.6 contract=Libc\n"
    "\n"
    "func $callee(%0: i8, %1: ptr) -> i32 kind=method name=callee qualified=m::callee {\n"
    "@b0:\n"
    "    %2: i32 = iconst -7\n"
    "    ret %2\n"
    "}\n"
    "\n"
    "func $main() -> i32 kind=function name=\"odd name\" qualified=main public noreturn {\n"
    "    local %l0 x: i32\n"
    "    local %l1 \"a:b\": f64\n"
    "@b0:\n"
    "    %0: i32 = iconst 42\n"
    "    %1: i8 = icmp slt %0, %0\n"
    "    set %l0, %0\n"
    "    %2: i32 = get %l0\n"
    "    %3: ptr = data $_Bstr0\n"
    "    %4: i64 = iconst 6\n"
    "    %5: ptr = callrt str_new(%3, %4)\n"
    "    %6: i32 = call $callee(%1, %5)\n"
    "    br %1, @b1, @b2\n"
    "@b1:\n"
    "    callrt beskid_rt_panic_div_zero()\n"
    "    unreachable\n"
    "@b2:\n"
    "    store %5+8, %4\n"
    "    %7: i64 = load %5-16\n"
    "    %8: ptr = funcaddr $callee\n"
    "    %9: i32 = callind %8(%1, %5)\n"
    "    %10: i32 = callext puts(%3)\n"
    "    %11: f64 = fconst 0.1\n"
    "    %12: f64 = fneg %11\n"
    "    %13: i8 = fcmp ge %11, %12\n"
    "    %14: i64 = iconst -9223372036854775808\n"
    "    %15: ptr = ptradd %5, %14\n"
    "    %16: i64 = udiv %14, %4\n"
    "    %17: i32 = trunc %16\n"
    "    %18: f64 = uitofp %17\n"
    "    set %l1, %18\n"
    "    ret %0\n"
    "}\n"
    "\n"
    "entry main -> function $main params=0 result=i32\n"
    "entry callee qualified=m::callee -> test $callee params=2 result=unit generic tags=fast,\"i o\" group=core"
    " skip=\"not \\\"yet\\\"\"\n";

typedef struct Read {
    Arena *arena;
    SourceMap map;
    DiagList diags;
    Artifact *a;
} Read;

static Read read_text(const char *text, size_t len)
{
    Read r;
    r.arena = arena_new();
    source_map_init(&r.map, r.arena);
    diag_list_init(&r.diags, r.arena);
    uint32_t file = source_add(&r.map, "t.ir", text, len);
    r.a = ir_parse(r.arena, &r.map, file, &r.diags);
    return r;
}

static char *print_text(const Artifact *a)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    ir_print(out, a, NULL, IR_PRINT_DEFAULT);
    fclose(out);
    return text;
}

static void test_sample_round_trips(void **state)
{
    (void)state;
    Read r = read_text(sample, sizeof sample - 1);
    assert_non_null(r.a);
    assert_int_equal(r.diags.items.count, 0);
    char *text = print_text(r.a);
    if (strcmp(text, sample) != 0)
        fprintf(stderr, "--- got ---\n%s--- want ---\n%s", text, sample);
    assert_string_equal(text, sample);
    free(text);
    /* The facts behind the text. */
    assert_int_equal(r.a->funcs.count, 2);
    const IrFunc *f = r.a->funcs.items[1];
    assert_string_equal(f->source_name, "odd name");
    assert_true(f->is_public && f->is_noreturn);
    assert_int_equal(f->locals.count, 2);
    assert_string_equal(f->locals.items[1].name, "a:b");
    assert_int_equal(f->value_types.count, 19);
    assert_int_equal(f->value_types.items[14], IR_I64);
    assert_int_equal(f->blocks.items[2].insts.items[1].imm, -16);
    assert_int_equal(r.a->data.items[1].size, 7);
    assert_int_equal(r.a->data.items[2].relocs.items[0].is_function, true);
    assert_int_equal(r.a->data.items[2].relocs.items[0].target, 0);
    assert_int_equal(r.a->entries.items[1].tag_count, 2);
    assert_string_equal(r.a->entries.items[1].tags[1], "i o");
    assert_string_equal(r.a->entries.items[1].skip_reason, "not \"yet\"");
    DiagList diags;
    diag_list_init(&diags, r.arena);
    assert_true(ir_verify(r.a, &diags));
    arena_free(r.arena);
}

/* The corrupt spellings of ir_print read back to the same corrupt artifact. */
static void test_corrupt_spellings_round_trip(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text,
             "; beskid artifact v1\n"
             "runtime ?%d\n"
             "\n"
             "func $f() -> void kind=function name=f qualified=f {\n"
             "    values i64, i32\n"
             "@b0:\n"
             "    _: i64 = iconst 1\n"
             "    %%1: ptr = data $?data9\n"
             "    %%2: ptr = funcaddr $?func4\n"
             "    callrt ?runtime2()\n"
             "    callext ?extern0(%%?, %%?)\n"
             "    callind %%?()\n"
             "    %%3: void = ret %%?\n"
             "    ?op%d\n"
             "}\n",
             (int)IR_RT__COUNT, (int)IR_OP__COUNT);
    Read r = read_text(text, strlen(text));
    assert_non_null(r.a);
    char *printed = print_text(r.a);
    assert_string_equal(printed, text);
    free(printed);
    arena_free(r.arena);
}

typedef struct BadCase {
    const char *text;
    const char *code;
    uint32_t line, col;
    const char *phrase;
} BadCase;

static void test_errors(void **state)
{
    (void)state;
    static const BadCase cases[] = {
        {"func $f() -> void kind=function name=f qualified=f {\n@b0:\n    ret\n}\n$", "E2101", 5, 1, "expected `data`"},
        {"func $f() -> void kind=function name=f qualified=f {\n@b0:\n    frob\n}\n", "E2102", 3, 5, "`frob`"},
        {"func $f() -> void kind=function name=f qualified=f {\n@b0:\n    ret %3\n}\n", "E2103", 3, 9, "`%3`"},
        {"func $f() -> void kind=function name=f qualified=f {\n@b0:\n    jmp @b1\n}\n", "E2104", 3, 9, "`@b1`"},
        {"func $f() -> void kind=function name=f qualified=f {\n@b0:\n    %0: i32 = get %l0\n}\n", "E2105", 3, 19, "`%l0`"},
        {"data $d = bytes align 8 \"\" reloc +0 = $nope\n", "E2106", 1, 39, "undefined data `$nope`"},
        {"runtime nope() -> void\n", "E2107", 1, 9, "`nope`"},
        {"runtime str_len(i64) -> i64\n", "E2108", 1, 9, "`(i64) -> i64`"},
        {"func $f() -> void kind=function name=f qualified=f {\n@b0:\n    callext puts()\n}\n", "E2109", 3, 13,
         "`extern`"},
        {"func $f(%0: i64, %2: i64) -> void kind=function name=f qualified=f {\n}\n", "E2101", 1, 20,
         "expected parameter %1 next"},
        {"data $d = bytes align 3 \"\"\n", "E2101", 1, 24, "not a power of two"},
        {"data $d = bytes \"\\q\"\n", "E2101", 1, 19, "unknown escape"},
        {"func $f() -> void kind=function name=f qualified=f {\n@b0:\n    %0: i64 = iconst 99999999999999999999\n",
         "E2110", 3, 22, "larger than"},
        {"func $f() -> void kind=function name=f qualified=f {\n@b0:\n    ret\n", "E2101", 4, 1,
         "unexpected end of input"},
        {"func $f() -> void kind=function name=f qualified=f {\n    ret\n}\n", "E2101", 2, 5, "block label"},
        {"entry main -> function $main params=0 result=weird\n", "E2101", 1, 46, "result kind"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const BadCase *c = &cases[i];
        Read r = read_text(c->text, strlen(c->text));
        if (r.a || r.diags.items.count != 1) {
            fprintf(stderr, "case %zu: expected one error\n", i);
            fail();
        }
        const Diag *d = &r.diags.items.items[0];
        uint32_t line = 0, col = 0;
        source_line_col(source_file(&r.map, d->span.file), d->span.start, &line, &col);
        if (strcmp(diag_code(d->id), c->code) != 0 || line != c->line || col != c->col || !strstr(d->message, c->phrase)) {
            fprintf(stderr, "case %zu: got %s at %u:%u: %s\n", i, diag_code(d->id), line, col, d->message);
            fail();
        }
        arena_free(r.arena);
    }
}

/* Reads 'text'; an artifact that reads must also verify and print. */
static void survive(const char *text, size_t len)
{
    Read r = read_text(text, len);
    if (r.a) {
        assert_int_equal(r.diags.items.count, 0);
        ir_verify(r.a, &r.diags);
        free(print_text(r.a));
    } else {
        assert_int_equal(r.diags.items.count, 1);
        assert_true(r.diags.items.items[0].span.file == 0);
    }
    arena_free(r.arena);
}

static void test_mutations_never_crash(void **state)
{
    (void)state;
    size_t len = sizeof sample - 1;
    char *buf = malloc(len + 1);
    static const char replacements[] = {'\0', '\xff', '%', '"', '\n', '9', '-', '$', '@', ' '};
    for (size_t i = 0; i <= len; i++) {
        survive(sample, i);
        for (size_t k = 0; k < sizeof replacements && i < len; k++) {
            memcpy(buf, sample, len);
            buf[i] = replacements[k];
            survive(buf, len);
        }
    }
    /* every line deleted */
    for (const char *line = sample; *line;) {
        const char *next = strchr(line, '\n') + 1;
        size_t head = (size_t)(line - sample), tail = len - (size_t)(next - sample);
        memcpy(buf, sample, head);
        memcpy(buf + head, next, tail);
        survive(buf, head + tail);
        line = next;
    }
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_round_trips),
        cmocka_unit_test(test_corrupt_spellings_round_trip),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_mutations_never_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
