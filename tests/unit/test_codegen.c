/* test_codegen.c: artifact → LLVM IR (codegen). Hand-built artifacts are
 * translated, the module must verify, and the printed IR must show the
 * decisions of backends.md §0a item 12 (checked division, saturating
 * conversion, no nsw/nuw), linkage, data, the exe shim and target checks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <llvm-c/Analysis.h>
#include <stdlib.h>
#include <string.h>

#include "artifact/ir.h"
#include "codegen/codegen.h"
#include "support/diag.h"

typedef struct Fixture {
    Arena *arena;
    Artifact *a;
    DiagList diags;
    IrBuilder b;
    LLVMContextRef ctx;
    LLVMTargetMachineRef tm;
    char *ir;
} Fixture;

static void fixture_init(Fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    fx->arena = arena_new();
    fx->a = ir_artifact_new(fx->arena);
    diag_list_init(&fx->diags, fx->arena);
    fx->ctx = LLVMContextCreate();
    fx->tm = cg_host_target_machine(NULL, 0, &fx->diags);
    assert_non_null(fx->tm);
}

static void fixture_free(Fixture *fx)
{
    if (fx->ir)
        LLVMDisposeMessage(fx->ir);
    LLVMDisposeTargetMachine(fx->tm);
    LLVMContextDispose(fx->ctx);
    arena_free(fx->arena);
}

static IrFunc *begin(Fixture *fx, const char *symbol, IrType ret, const IrType *params, uint32_t count)
{
    IrFunc *f = ir_func_new(fx->a, symbol, ret, params, count);
    ir_block_new(fx->a, f);
    fx->b = (IrBuilder){.artifact = fx->a, .func = f, .block = 0, .loc = SPAN_NONE};
    return f;
}

/* Builds, verifies, optionally optimises; keeps the printed IR in fx->ir. */
static void translate(Fixture *fx, const CgOptions *given, int opt_level)
{
    CgOptions options = {.target_machine = fx->tm, .exe_entry_func = UINT32_MAX};
    if (given)
        options = *given;
    LLVMModuleRef module = cg_build_module(fx->ctx, fx->a, &options, &fx->diags);
    assert_non_null(module);
    assert_int_equal(fx->diags.items.count, 0);
    char *message = NULL;
    assert_false(LLVMVerifyModule(module, LLVMReturnStatusAction, &message));
    LLVMDisposeMessage(message);
    if (opt_level > 0)
        assert_true(cg_optimize(module, fx->tm, opt_level, &fx->diags));
    if (fx->ir)
        LLVMDisposeMessage(fx->ir);
    fx->ir = LLVMPrintModuleToString(module);
    LLVMDisposeModule(module);
}

static void expect_ir(Fixture *fx, const char *needle)
{
    if (!strstr(fx->ir, needle))
        fail_msg("missing `%s` in:\n%s", needle, fx->ir);
}

static void test_ret_const(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    begin(&fx, "_Bmain", IR_I64, NULL, 0);
    irb_ret(&fx.b, irb_iconst(&fx.b, IR_I64, 42));
    translate(&fx, NULL, 0);
    expect_ir(&fx, "define i64 @_Bmain()");
    expect_ir(&fx, "ret i64 42");
    fixture_free(&fx);
}

static void test_arithmetic_is_wrapping_and_division_checked(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    IrType params[2] = {IR_I64, IR_I64};
    begin(&fx, "_Bops", IR_I64, params, 2);
    uint32_t sum = irb_binary(&fx.b, IR_OP_ADD, IR_I64, 0, 1);
    uint32_t prod = irb_binary(&fx.b, IR_OP_MUL, IR_I64, sum, 1);
    uint32_t q = irb_binary(&fx.b, IR_OP_SDIV, IR_I64, prod, 1);
    uint32_t r = irb_binary(&fx.b, IR_OP_SREM, IR_I64, q, 1);
    uint32_t u = irb_binary(&fx.b, IR_OP_UREM, IR_I64, r, 1);
    irb_ret(&fx.b, irb_binary(&fx.b, IR_OP_UDIV, IR_I64, u, 0));
    translate(&fx, NULL, 0);
    assert_null(strstr(fx.ir, "nsw"));
    assert_null(strstr(fx.ir, "nuw"));
    expect_ir(&fx, "call void @beskid_rt_panic_div_zero()");
    expect_ir(&fx, "call void @beskid_rt_panic_overflow()");
    expect_ir(&fx, "declare void @beskid_rt_panic_div_zero() #");
    expect_ir(&fx, "noreturn");
    expect_ir(&fx, "sdiv i64");
    expect_ir(&fx, "srem i64");
    expect_ir(&fx, "select i1");
    translate(&fx, NULL, 2); /* the checks survive optimisation */
    expect_ir(&fx, "@beskid_rt_panic_div_zero");
    fixture_free(&fx);
}

static void test_conversions_and_compare(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    IrType params[1] = {IR_F64};
    begin(&fx, "_Bconv", IR_I8, params, 1);
    uint32_t i = irb_unary(&fx.b, IR_OP_FPTOSI, IR_I32, 0);
    uint32_t u = irb_unary(&fx.b, IR_OP_FPTOUI, IR_I64, 0);
    uint32_t wide = irb_unary(&fx.b, IR_OP_SEXT, IR_I64, i);
    uint32_t lt = irb_cmp(&fx.b, IR_OP_ICMP, IR_COND_ULT, wide, u);
    uint32_t ne = irb_cmp(&fx.b, IR_OP_FCMP, IR_COND_NE, 0, 0);
    uint32_t both = irb_binary(&fx.b, IR_OP_ADD, IR_I8, lt, irb_unary(&fx.b, IR_OP_NOT, IR_I8, ne));
    irb_ret(&fx.b, both);
    translate(&fx, NULL, 0);
    expect_ir(&fx, "@llvm.fptosi.sat.i32.f64");
    expect_ir(&fx, "@llvm.fptoui.sat.i64.f64");
    expect_ir(&fx, "fcmp une double");
    expect_ir(&fx, "icmp ult i64");
    expect_ir(&fx, "zext i1");
    expect_ir(&fx, "xor i8");
    fixture_free(&fx);
}

/* Loops, locals, calls: the allocas are promoted at -O2 (no alloca left). */
static void test_locals_loop_call(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    IrType params[1] = {IR_I64};
    IrFunc *inc = begin(&fx, "_Binc", IR_I64, params, 1);
    irb_ret(&fx.b, irb_binary(&fx.b, IR_OP_ADD, IR_I64, 0, irb_iconst(&fx.b, IR_I64, 1)));
    IrFunc *f = begin(&fx, "_Bsum", IR_I64, params, 1);
    uint32_t acc = ir_local_new(fx.a, f, "acc", IR_I64);
    uint32_t head = ir_block_new(fx.a, f), body = ir_block_new(fx.a, f), done = ir_block_new(fx.a, f);
    irb_set(&fx.b, acc, irb_iconst(&fx.b, IR_I64, 0));
    irb_jmp(&fx.b, head);
    fx.b.block = head;
    irb_br(&fx.b, irb_cmp(&fx.b, IR_OP_ICMP, IR_COND_SLT, irb_get(&fx.b, acc), 0), body, done);
    fx.b.block = body;
    uint32_t arg = irb_get(&fx.b, acc);
    irb_set(&fx.b, acc, irb_call(&fx.b, ir_func_index(fx.a, inc), &arg, 1));
    irb_jmp(&fx.b, head);
    fx.b.block = done;
    irb_ret(&fx.b, irb_get(&fx.b, acc));
    translate(&fx, NULL, 0);
    expect_ir(&fx, "alloca i64");
    expect_ir(&fx, "call i64 @_Binc(");
    translate(&fx, NULL, 2);
    assert_null(strstr(fx.ir, "alloca"));
    fixture_free(&fx);
}

/* String literal, descriptor with relocations, runtime calls, memory ops. */
static void test_data_and_runtime(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    IrFunc *f = begin(&fx, "_Bdata", IR_PTR, NULL, 0);
    uint32_t str = ir_data_string(fx.a, "hi", 2);
    uint8_t blob[24] = {1, 0, 0, 0, 0, 0, 0, 0};
    uint32_t desc = ir_data_new(fx.a, "_Bdesc", IR_DATA_DESCRIPTOR, 8, blob, sizeof blob);
    IrReloc rel = {.offset = 8, .is_function = true, .target = ir_func_index(fx.a, f)};
    VEC_PUSH(fx.arena, &fx.a->data.items[desc].relocs, rel);
    IrReloc rel2 = {.offset = 16, .is_function = false, .target = str};
    VEC_PUSH(fx.arena, &fx.a->data.items[desc].relocs, rel2);
    uint32_t args[2] = {irb_iconst(&fx.b, IR_I64, 16), irb_data_addr(&fx.b, desc)};
    uint32_t obj = irb_call_rt(&fx.b, IR_RT_ALLOC, args, 2);
    irb_store(&fx.b, obj, 8, irb_iconst(&fx.b, IR_I64, 7));
    uint32_t b = irb_cmp(&fx.b, IR_OP_ICMP, IR_COND_EQ, irb_load(&fx.b, IR_I64, obj, 8), irb_iconst(&fx.b, IR_I64, 7));
    irb_call_rt(&fx.b, IR_RT_STR_FROM_BOOL, &b, 1);
    uint32_t sargs[2] = {irb_data_addr(&fx.b, str), irb_iconst(&fx.b, IR_I64, 2)};
    irb_ret(&fx.b, irb_call_rt(&fx.b, IR_RT_STR_NEW, sargs, 2));
    translate(&fx, NULL, 0);
    expect_ir(&fx, "@_Bstr0 = private unnamed_addr constant [2 x i8] c\"hi\", align 1");
    expect_ir(&fx, "@_Bdesc = private unnamed_addr constant <{ [8 x i8], ptr, ptr }> <{ [8 x i8] c\"\\01\\00\\00\\00\\00\\00\\00\\00\", ptr @_Bdata, ptr @_Bstr0 }>, align 8");
    expect_ir(&fx, "declare ptr @beskid_rt_str_from_bool(i8 zeroext)");
    expect_ir(&fx, "getelementptr i8, ptr");
    fixture_free(&fx);
}

static void test_linkage_and_shim(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    IrFunc *helper = begin(&fx, "_Bhelper", IR_I64, NULL, 0);
    irb_ret(&fx.b, irb_iconst(&fx.b, IR_I64, 300));
    IrFunc *pub = begin(&fx, "_Bpub", IR_VOID, NULL, 0);
    pub->is_public = true;
    irb_ret(&fx.b, IR_NO_VALUE);
    begin(&fx, "_Bentry", IR_I64, NULL, 0);
    irb_ret(&fx.b, irb_call(&fx.b, ir_func_index(fx.a, helper), NULL, 0));
    CgOptions options = {.target_machine = fx.tm, .local_private_symbols = true, .exe_entry_func = 2,
                         .exe_entry_result = IR_RESULT_I64};
    translate(&fx, &options, 0);
    expect_ir(&fx, "define internal i64 @_Bhelper()");
    expect_ir(&fx, "define void @_Bpub()");
    expect_ir(&fx, "define i64 @_Bentry()"); /* called by the shim: stays external */
    expect_ir(&fx, "define i32 @main(i32 %0, ptr %1)");
    expect_ir(&fx, "call void @beskid_rt_init()");
    expect_ir(&fx, "trunc i64");
    expect_ir(&fx, "call void @beskid_rt_shutdown()");
    fixture_free(&fx);
}

static void test_target_checks(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    DiagList diags;
    diag_list_init(&diags, arena);
    assert_null(cg_host_target_machine("nonsense-triple-xyz", 0, &diags));
    assert_null(cg_host_target_machine("i686-unknown-linux-gnu", 0, &diags));
    assert_int_equal(diags.items.count, 2);
    assert_string_equal(diag_code(diags.items.items[0].id), "E4001");
    assert_non_null(strstr(diags.items.items[1].message, "64-bit little-endian"));
    LLVMTargetMachineRef tm = cg_host_target_machine("aarch64-unknown-linux-gnu", 2, &diags);
    assert_non_null(tm);
    LLVMDisposeTargetMachine(tm);
    arena_free(arena);
}

static void test_entry_resolution(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    Artifact *a = ir_artifact_new(arena);
    IrEntry entries[] = {
        {.source_name = "main", .qualified_name = "main", .kind = IR_FUNC_FUNCTION},
        {.source_name = "main", .qualified_name = "m::main", .kind = IR_FUNC_FUNCTION, .func = 1},
        {.source_name = "go", .qualified_name = "a::go", .kind = IR_FUNC_FUNCTION},
        {.source_name = "go", .qualified_name = "b::go", .kind = IR_FUNC_TEST},
        {.source_name = "m", .qualified_name = "T::m", .kind = IR_FUNC_METHOD},
    };
    for (unsigned i = 0; i < sizeof entries / sizeof entries[0]; i++)
        VEC_PUSH(arena, &a->entries, entries[i]);
    uint32_t index = 99;
    assert_int_equal(cg_find_entry(a, "main", &index), CG_ENTRY_OK);
    assert_int_equal(index, 0);
    assert_int_equal(cg_find_entry(a, "m::main", &index), CG_ENTRY_OK);
    assert_int_equal(index, 1);
    assert_int_equal(cg_find_entry(a, "go", &index), CG_ENTRY_AMBIGUOUS);
    assert_int_equal(cg_find_entry(a, "b::go", &index), CG_ENTRY_OK);
    assert_int_equal(cg_find_entry(a, "m", &index), CG_ENTRY_MISSING);
    assert_int_equal(cg_find_entry(a, "T::m", &index), CG_ENTRY_MISSING);
    arena_free(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ret_const),
        cmocka_unit_test(test_arithmetic_is_wrapping_and_division_checked),
        cmocka_unit_test(test_conversions_and_compare),
        cmocka_unit_test(test_locals_loop_call),
        cmocka_unit_test(test_data_and_runtime),
        cmocka_unit_test(test_linkage_and_shim),
        cmocka_unit_test(test_target_checks),
        cmocka_unit_test(test_entry_resolution),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
