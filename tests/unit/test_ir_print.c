/* test_ir_print.c: the artifact text form (artifact/ir_print.c).
 * Golden strings pin the exact syntax `beskid ir` and the IR golden tests
 * rely on: section order, sigils, escapes, locations and single instructions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "artifact/ir.h"
#include "artifact/ir_print.h"
#include "artifact/ir_verify.h"

/* A small but complete artifact; its first instruction is located at the `42` of 'source'. */
typedef struct Sample {
    Arena *arena;
    Artifact *a;
    SourceMap map;
} Sample;

static const char source[] = "fn main() -> i32 {\n    let x = 42;\n    x\n}\n";

static Sample sample_new(void)
{
    Sample s;
    s.arena = arena_new();
    s.a = ir_artifact_new(s.arena);
    source_map_init(&s.map, s.arena);
    uint32_t file = source_add(&s.map, "a.bd", source, sizeof source - 1);
    Artifact *a = s.a;

    uint32_t hello = ir_data_string(a, "hello\n", 6);
    ir_data_string(a, "q\"b\\\x01\xff\t", 7);
    static const uint8_t desc[16] = {16, 0, 0, 0, 0, 0, 0, 0, 8};
    uint32_t d = ir_data_new(a, "desc0", IR_DATA_DESCRIPTOR, 8, desc, 16);
    IrReloc r = {8, false, hello};
    VEC_PUSH(a->arena, &a->data.items[d].relocs, r);

    IrType *ptr = ARENA_NEW(a->arena, IrType);
    *ptr = IR_PTR;
    IrExternImport puts_import = {"puts", "C", "libc.so.6", "Libc", IR_I32, ptr, 1};
    VEC_PUSH(a->arena, &a->extern_imports, puts_import);

    const IrType callee_params[] = {IR_I8, IR_PTR};
    IrFunc *callee = ir_func_new(a, "_B6calleeF_r3i32", IR_I32, callee_params, 2);
    callee->source_name = "callee";
    callee->qualified_name = "m::callee";
    ir_block_new(a, callee);
    IrBuilder cb = {a, callee, 0, SPAN_NONE};
    irb_ret(&cb, irb_iconst(&cb, IR_I32, -7));

    IrFunc *f = ir_func_new(a, "_B4mainF_r3i32", IR_I32, NULL, 0);
    f->source_name = "main";
    f->qualified_name = "main";
    f->is_public = true;
    uint32_t x = ir_local_new(a, f, "x", IR_I32);
    uint32_t b0 = ir_block_new(a, f), b1 = ir_block_new(a, f), b2 = ir_block_new(a, f);
    IrBuilder b = {a, f, b0, SPAN_NONE};
    uint32_t at = (uint32_t)(strstr(source, "42") - source);
    b.loc = (Span){file, at, at + 2};
    uint32_t v0 = irb_iconst(&b, IR_I32, 42);
    b.loc = SPAN_NONE;
    uint32_t v1 = irb_cmp(&b, IR_OP_ICMP, IR_COND_SLT, v0, v0);
    irb_set(&b, x, v0);
    irb_get(&b, x);
    uint32_t v3 = irb_data_addr(&b, hello);
    uint32_t len = irb_iconst(&b, IR_I64, 6);
    uint32_t args[2] = {v3, len};
    uint32_t str = irb_call_rt(&b, IR_RT_STR_NEW, args, 2);
    uint32_t call_args[2] = {v1, str};
    irb_call(&b, ir_func_index(a, callee), call_args, 2);
    irb_br(&b, v1, b1, b2);
    b.block = b1;
    irb_call_rt(&b, IR_RT_PANIC_DIV_ZERO, NULL, 0);
    irb_unreachable(&b);
    b.block = b2;
    irb_store(&b, str, 8, len);
    irb_load(&b, IR_I64, str, -16);
    uint32_t fp = irb_func_addr(&b, ir_func_index(a, callee));
    irb_call_indirect(&b, IR_I32, fp, call_args, 2);
    irb_call_extern(&b, 0, &v3, 1);
    uint32_t h = irb_fconst(&b, 0.1);
    irb_cmp(&b, IR_OP_FCMP, IR_COND_FGE, h, irb_unary(&b, IR_OP_FNEG, IR_F64, h));
    irb_ret(&b, v0);

    IrEntry entry = {.source_name = "main", .qualified_name = "main", .kind = IR_FUNC_FUNCTION,
                     .func = ir_func_index(a, f), .result = IR_RESULT_I32};
    VEC_PUSH(a->arena, &a->entries, entry);
    static const char *tags[] = {"fast", "io"};
    IrEntry test = {.source_name = "callee", .qualified_name = "m::callee", .kind = IR_FUNC_TEST, .func = 0,
                    .param_count = 2, .result = IR_RESULT_UNIT, .tags = tags, .tag_count = 2, .group = "core",
                    .skip = true, .skip_reason = "not \"yet\""};
    VEC_PUSH(a->arena, &a->entries, test);
    return s;
}

/* Runs 'print' into a malloc'd string. */
static char *capture(const Sample *s, IrPrintFlags flags)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    ir_print(out, s->a, &s->map, flags);
    fclose(out);
    return text;
}

static void assert_text(const char *got, const char *want)
{
    if (strcmp(got, want) != 0)
        fprintf(stderr, "--- got ---\n%s--- want ---\n%s", got, want);
    assert_string_equal(got, want);
}

static const char golden[] =
    "; beskid artifact v1\n"
    "data $_Bstr0 = string \"hello\\n\"\n"
    "data $_Bstr1 = string \"q\\\"b\\\\\\x01\\xff\\t\"\n"
    "data $desc0 = descriptor align 8 \"\\x10\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x08\\x00\\x00\\x00\\x00\\x00\\x00\\x00\""
    " reloc +8 = $_Bstr0\n"
    "runtime str_new(ptr, i64) -> ptr\n"
    "runtime beskid_rt_panic_div_zero() -> void noreturn\n"
    "extern puts(ptr) -> i32 abi=C library=libc.so.6 contract=Libc\n"
    "\n"
    "func $_B6calleeF_r3i32(%0: i8, %1: ptr) -> i32 kind=function name=callee qualified=m::callee {\n"
    "@b0:\n"
    "    %2: i32 = iconst -7\n"
    "    ret %2\n"
    "}\n"
    "\n"
    "func $_B4mainF_r3i32() -> i32 kind=function name=main qualified=main public {\n"
    "    local %l0 x: i32\n"
    "@b0:\n"
    "    %0: i32 = iconst 42%s\n"
    "    %1: i8 = icmp slt %0, %0\n"
    "    set %l0, %0\n"
    "    %2: i32 = get %l0\n"
    "    %3: ptr = data $_Bstr0\n"
    "    %4: i64 = iconst 6\n"
    "    %5: ptr = callrt str_new(%3, %4)\n"
    "    %6: i32 = call $_B6calleeF_r3i32(%1, %5)\n"
    "    br %1, @b1, @b2\n"
    "@b1:\n"
    "    callrt beskid_rt_panic_div_zero()\n"
    "    unreachable\n"
    "@b2:\n"
    "    store %5+8, %4\n"
    "    %7: i64 = load %5-16\n"
    "    %8: ptr = funcaddr $_B6calleeF_r3i32\n"
    "    %9: i32 = callind %8(%1, %5)\n"
    "    %10: i32 = callext puts(%3)\n"
    "    %11: f64 = fconst 0.1\n"
    "    %12: f64 = fneg %11\n"
    "    %13: i8 = fcmp ge %11, %12\n"
    "    ret %0\n"
    "}\n"
    "\n"
    "entry main -> function $_B4mainF_r3i32 params=0 result=i32\n"
    "entry callee qualified=m::callee -> test $_B6calleeF_r3i32 params=2 result=unit tags=fast,io group=core"
    " skip=\"not \\\"yet\\\"\"\n";

/* The golden text with 'loc' spliced in after the first `iconst 42`. */
static char *golden_with(const char *loc)
{
    size_t size = sizeof golden + strlen(loc);
    char *text = malloc(size);
    const char *mark = strstr(golden, "%s");
    int head = (int)(mark - golden);
    snprintf(text, size, "%.*s%s%s", head, golden, loc, mark + 2);
    return text;
}

static void test_artifact_golden(void **state)
{
    (void)state;
    Sample s = sample_new();
    char *got = capture(&s, IR_PRINT_DEFAULT);
    char *want = golden_with("");
    assert_text(got, want);
    free(got);
    free(want);
    /* The sample is valid IR, so the golden text describes a real artifact. */
    DiagList diags;
    diag_list_init(&diags, s.arena);
    assert_true(ir_verify(s.a, &diags));
    arena_free(s.arena);
}

static void test_locations(void **state)
{
    (void)state;
    Sample s = sample_new();
    char *got = capture(&s, IR_PRINT_LOCATIONS);
    /* `    %0: i32 = iconst 42` is 23 columns; the comment starts at column 45. */
    char *want = golden_with("                     ; a.bd:2:13");
    assert_text(got, want);
    free(got);
    free(want);
    arena_free(s.arena);
}

static void test_locations_without_map(void **state)
{
    (void)state;
    Sample s = sample_new();
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    ir_print(out, s.a, NULL, IR_PRINT_LOCATIONS);
    fclose(out);
    char *want = golden_with("");
    assert_text(text, want);
    free(text);
    free(want);
    arena_free(s.arena);
}

static void test_deterministic(void **state)
{
    (void)state;
    Sample s1 = sample_new(), s2 = sample_new();
    char *t1 = capture(&s1, IR_PRINT_LOCATIONS), *t2 = capture(&s2, IR_PRINT_LOCATIONS);
    assert_string_equal(t1, t2);
    free(t1);
    free(t2);
    arena_free(s1.arena);
    arena_free(s2.arena);
}

static void test_print_inst_and_bad_references(void **state)
{
    (void)state;
    Sample s = sample_new();
    IrFunc *f = s.a->funcs.items[1];
    IrInst call = f->blocks.items[0].insts.items[7];
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    ir_print_inst(out, s.a, f, &call);
    fputc('|', out);
    call.target = 9; /* corrupt: the verifier still needs to quote it */
    ir_print_inst(out, s.a, f, &call);
    fputc('|', out);
    IrInst load = {.op = IR_OP_LOAD, .type = IR_I64, .result = 3, .arg_count = 1, .imm = 0};
    ir_print_inst(out, s.a, f, &load); /* missing operand list */
    fclose(out);
    assert_text(text, "%6: i32 = call $_B6calleeF_r3i32(%1, %5)|%6: i32 = call $?func9(%1, %5)|%3: i64 = load %?+0");
    free(text);
    arena_free(s.arena);
}

static void test_fconst_round_trips(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    Artifact *a = ir_artifact_new(arena);
    IrFunc *f = ir_func_new(a, "f", IR_VOID, NULL, 0);
    ir_block_new(a, f);
    IrBuilder b = {a, f, 0, SPAN_NONE};
    irb_fconst(&b, 1.0 / 3.0);
    irb_fconst(&b, 1e300);
    irb_fconst(&b, -2.5);
    irb_ret(&b, IR_NO_VALUE);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    ir_print_func(out, a, f, NULL, IR_PRINT_DEFAULT);
    fclose(out);
    assert_text(text, "func $f() -> void kind=function name=f qualified=f {\n"
                      "@b0:\n"
                      "    %0: f64 = fconst 0.33333333333333331\n"
                      "    %1: f64 = fconst 1e+300\n"
                      "    %2: f64 = fconst -2.5\n"
                      "    ret\n"
                      "}\n");
    free(text);
    arena_free(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_artifact_golden),
        cmocka_unit_test(test_locations),
        cmocka_unit_test(test_locations_without_map),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_print_inst_and_bad_references),
        cmocka_unit_test(test_fconst_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
