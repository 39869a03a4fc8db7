/* test_ir_verify.c: the IR verifier (artifact/ir_verify.c).
 * A well-formed artifact (loops, calls, runtime and extern calls, data with
 * relocations, unreachable blocks) verifies clean; then one small hand-built
 * or mutated artifact per invariant must yield exactly that one E2011. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "artifact/ir.h"
#include "artifact/ir_verify.h"

/* A cmocka test function that ignores its state. */
#define TEST(name) static void name(void **state __attribute__((unused)))

typedef struct Fx {
    Arena *arena;
    Artifact *a;
    IrFunc *f;
    IrBuilder b;
} Fx;

/* A fresh artifact with one function "f" whose entry block is current. */
static Fx fx_new(IrType ret, const IrType *params, uint32_t count)
{
    Fx x;
    x.arena = arena_new();
    x.a = ir_artifact_new(x.arena);
    x.f = ir_func_new(x.a, "f", ret, params, count);
    ir_block_new(x.a, x.f);
    x.b = (IrBuilder){x.a, x.f, 0, SPAN_NONE};
    return x;
}

static IrInst *inst_at(IrFunc *f, uint32_t block, uint32_t index)
{
    return &f->blocks.items[block].insts.items[index];
}

static void dump(const DiagList *diags)
{
    for (uint32_t i = 0; i < diags->items.count; i++)
        fprintf(stderr, "  diag: %s\n", diags->items.items[i].message);
}

/* Verifies 'x' expecting exactly 'count' errors, the first containing 'phrase'. */
static void expect_n(Fx *x, unsigned count, const char *phrase)
{
    DiagList diags;
    diag_list_init(&diags, x->arena);
    bool ok = ir_verify(x->a, &diags);
    if (diags.items.count != count || (count && !strstr(diags.items.items[0].message, phrase))) {
        fprintf(stderr, "expected %u error(s) with '%s', got:\n", count, phrase);
        dump(&diags);
    }
    assert_int_equal(diags.items.count, count);
    assert_int_equal(ok, count == 0);
    if (count) {
        assert_int_equal(diags.items.items[0].id, DIAG_E2011_IR_VERIFICATION);
        assert_non_null(strstr(diags.items.items[0].message, phrase));
    }
    arena_free(x->arena);
}

static void expect_one(Fx *x, const char *phrase)
{
    expect_n(x, 1, phrase);
}

/* ---- a well-formed artifact ---- */

static void build_good(Fx *x)
{
    Artifact *a = x->a;
    IrBuilder *b = &x->b;
    const IrType i64[] = {IR_I64};
    /* f: the entry function made by fx_new, () -> i32 */

    IrFunc *sq = ir_func_new(a, "sq", IR_I64, i64, 1);
    ir_block_new(a, sq);
    IrBuilder sb = {a, sq, 0, SPAN_NONE};
    irb_ret(&sb, irb_binary(&sb, IR_OP_MUL, IR_I64, 0, 0));
    uint32_t sq_index = ir_func_index(a, sq);

    IrType *ptr = ARENA_NEW(a->arena, IrType); /* outlives this function */
    *ptr = IR_PTR;
    IrExternImport puts_import = {"puts", "C", "libc.so.6", NULL, IR_I32, ptr, 1};
    VEC_PUSH(a->arena, &a->extern_imports, puts_import);

    uint32_t str = ir_data_string(a, "hello\n", 6);
    uint8_t desc_bytes[40] = {24};
    uint32_t desc = ir_data_new(a, "desc0", IR_DATA_DESCRIPTOR, 8, desc_bytes, 40);
    IrReloc reloc = {24, false, str};
    VEC_PUSH(a->arena, &a->data.items[desc].relocs, reloc);
    IrReloc freloc = {32, true, sq_index};
    VEC_PUSH(a->arena, &a->data.items[desc].relocs, freloc);

    /* f: i = 0; while (i < 10) { i = i + 1; sq(sext i) } ; strings, floats, memory */
    IrFunc *f = x->f;
    uint32_t li = ir_local_new(a, f, "i", IR_I32);
    uint32_t head = ir_block_new(a, f), body = ir_block_new(a, f), done = ir_block_new(a, f);
    uint32_t dead = ir_block_new(a, f), dead2 = ir_block_new(a, f);
    uint32_t zero = irb_iconst(b, IR_I32, 0);
    uint32_t ten = irb_iconst(b, IR_I32, 10); /* defined in the entry, used in the loop */
    irb_set(b, li, zero);
    irb_jmp(b, head);
    b->block = head;
    uint32_t cur = irb_get(b, li);
    irb_br(b, irb_cmp(b, IR_OP_ICMP, IR_COND_SLT, cur, ten), body, done);
    b->block = body;
    uint32_t one = irb_iconst(b, IR_I32, 1);
    uint32_t next = irb_binary(b, IR_OP_ADD, IR_I32, irb_get(b, li), one);
    irb_set(b, li, next);
    uint32_t wide = irb_unary(b, IR_OP_SEXT, IR_I64, next);
    irb_call(b, sq_index, &wide, 1);
    irb_jmp(b, head);
    b->block = done;
    uint32_t args[2] = {irb_data_addr(b, str), irb_iconst(b, IR_I64, 6)};
    uint32_t s = irb_call_rt(b, IR_RT_STR_NEW, args, 2);
    irb_call_extern(b, 0, &args[0], 1);
    irb_store(b, s, 8, args[1]);
    uint32_t len = irb_load(b, IR_I64, s, 8);
    uint32_t fl = irb_unary(b, IR_OP_SITOFP, IR_F64, len);
    uint32_t half = irb_fconst(b, 0.5);
    uint32_t prod = irb_binary(b, IR_OP_FMUL, IR_F64, fl, half);
    uint32_t lt = irb_cmp(b, IR_OP_FCMP, IR_COND_FLT, prod, half);
    uint32_t nlt = irb_unary(b, IR_OP_NOT, IR_I8, lt);
    irb_unary(b, IR_OP_ZEXT, IR_I32, nlt);
    uint32_t back = irb_unary(b, IR_OP_FPTOSI, IR_I64, prod);
    irb_unary(b, IR_OP_TRUNC, IR_I8, back);
    uint32_t fp = irb_func_addr(b, sq_index);
    irb_call_indirect(b, IR_I64, fp, &back, 1);
    irb_cmp(b, IR_OP_ICMP, IR_COND_EQ, s, fp);
    irb_ret(b, cur); /* 'cur' is defined in head, which dominates done */
    /* Unreachable blocks: uses need only existing values. */
    b->block = dead;
    uint32_t late = irb_iconst(b, IR_I32, 3);
    irb_jmp(b, dead2);
    b->block = dead2;
    irb_ret(b, late);

    /* g: a void function that panics. */
    IrFunc *g = ir_func_new(a, "g", IR_VOID, NULL, 0);
    g->is_noreturn = true;
    ir_block_new(a, g);
    IrBuilder gb = {a, g, 0, SPAN_NONE};
    irb_call_rt(&gb, IR_RT_PANIC_DIV_ZERO, NULL, 0);
    irb_unreachable(&gb);

    IrEntry entry = {.source_name = "f", .qualified_name = "f", .kind = IR_FUNC_FUNCTION, .func = 0,
                     .result = IR_RESULT_I32};
    VEC_PUSH(a->arena, &a->entries, entry);
}

TEST(test_good_artifact)
{
    Fx x = fx_new(IR_I32, NULL, 0);
    build_good(&x);
    expect_n(&x, 0, "");
}

TEST(test_message_names_function_block_and_inst)
{
    const IrType params[] = {IR_I32, IR_I64};
    Fx x = fx_new(IR_VOID, params, 2);
    irb_binary(&x.b, IR_OP_ADD, IR_I32, 0, 1);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "IR verification failed for `f`: @b0: %2: i32 = add %0, %1: operand types i32, i64 differ");
}

TEST(test_collects_every_violation)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_ret(&x.b, irb_iconst(&x.b, IR_I32, 1)); /* ret with a value in a void function */
    IrFunc *g = ir_func_new(x.a, "g", IR_VOID, NULL, 0); /* no blocks */
    (void)g;
    expect_n(&x, 2, "ret in a void function has a value");
}

/* ---- F1, F2: blocks and terminators ---- */

TEST(test_no_blocks)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    x.f->blocks.count = 0;
    expect_one(&x, "function has no blocks");
}

TEST(test_empty_block)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    ir_block_new(x.a, x.f);
    expect_one(&x, "@b1: block is empty");
}

TEST(test_missing_terminator)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_iconst(&x.b, IR_I32, 1);
    irb_ret(&x.b, IR_NO_VALUE);
    x.f->blocks.items[0].insts.count--; /* drop the ret */
    expect_one(&x, "block does not end in a terminator");
}

TEST(test_terminator_before_end)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    irb_unreachable(&x.b); /* a second terminator */
    expect_one(&x, "@b0: ret: terminator before the end of the block");
}

/* ---- F3, F4: definitions ---- */

TEST(test_params_not_first_values)
{
    const IrType params[] = {IR_I64};
    Fx x = fx_new(IR_VOID, params, 1);
    irb_ret(&x.b, IR_NO_VALUE);
    x.f->value_types.items[0] = IR_I32;
    expect_one(&x, "value_types does not start with the parameter types");
}

TEST(test_value_defined_twice)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_iconst(&x.b, IR_I64, 1);
    irb_iconst(&x.b, IR_I64, 2);
    irb_ret(&x.b, IR_NO_VALUE);
    inst_at(x.f, 0, 1)->result = 0;
    expect_one(&x, "value %0 is defined more than once");
}

TEST(test_result_out_of_range)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_iconst(&x.b, IR_I64, 1);
    irb_ret(&x.b, IR_NO_VALUE);
    inst_at(x.f, 0, 0)->result = 99;
    expect_one(&x, "result %99 is out of range (1 values)");
}

TEST(test_result_type_differs_from_value_types)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_iconst(&x.b, IR_I64, 1);
    irb_ret(&x.b, IR_NO_VALUE);
    x.f->value_types.items[0] = IR_I32;
    expect_one(&x, "result type i64 differs from the type of %0 (i32)");
}

TEST(test_typed_inst_without_result)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_iconst(&x.b, IR_I64, 1);
    irb_ret(&x.b, IR_NO_VALUE);
    inst_at(x.f, 0, 0)->result = IR_NO_VALUE;
    expect_one(&x, "instruction of type i64 defines no value");
}

TEST(test_void_inst_with_result)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    inst_at(x.f, 0, 0)->result = 3;
    expect_one(&x, "void instruction defines %3");
}

/* ---- F5: uses ---- */

TEST(test_undefined_operand)
{
    Fx x = fx_new(IR_I64, NULL, 0);
    irb_ret(&x.b, irb_iconst(&x.b, IR_I64, 1));
    inst_at(x.f, 0, 1)->args[0] = 7;
    expect_one(&x, "@b0: ret %7: operand %7 is not defined");
}

TEST(test_use_before_def_in_block)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t c = irb_iconst(&x.b, IR_I64, 1);
    irb_binary(&x.b, IR_OP_ADD, IR_I64, c, c);
    irb_ret(&x.b, IR_NO_VALUE);
    inst_at(x.f, 0, 1)->args[1] = 1; /* %1 = add %0, %1 */
    expect_one(&x, "operand %1 is not dominated by its definition");
}

TEST(test_use_not_dominated_across_blocks)
{
    Fx x = fx_new(IR_I64, NULL, 0);
    IrBuilder *b = &x.b;
    uint32_t b1 = ir_block_new(x.a, x.f), b2 = ir_block_new(x.a, x.f), b3 = ir_block_new(x.a, x.f);
    irb_br(b, irb_iconst(b, IR_I8, 1), b1, b2);
    b->block = b1;
    uint32_t v = irb_iconst(b, IR_I64, 5);
    irb_jmp(b, b3);
    b->block = b2;
    irb_jmp(b, b3);
    b->block = b3;
    irb_ret(b, v);
    expect_one(&x, "@b3: ret %1: operand %1 is not dominated by its definition");
}

TEST(test_use_of_value_from_unreachable_block)
{
    Fx x = fx_new(IR_I64, NULL, 0);
    IrBuilder *b = &x.b;
    uint32_t b1 = ir_block_new(x.a, x.f), b2 = ir_block_new(x.a, x.f);
    irb_jmp(b, b2);
    b->block = b1; /* unreachable */
    uint32_t v = irb_iconst(b, IR_I64, 5);
    irb_jmp(b, b2);
    b->block = b2;
    irb_ret(b, v);
    expect_one(&x, "operand %0 is not dominated by its definition");
}

/* ---- F6: operand counts ---- */

TEST(test_operand_count)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t c = irb_iconst(&x.b, IR_I64, 1);
    irb_binary(&x.b, IR_OP_ADD, IR_I64, c, c);
    irb_ret(&x.b, IR_NO_VALUE);
    inst_at(x.f, 0, 1)->arg_count = 1;
    expect_one(&x, "expected 2 operands, got 1");
}

/* ---- F7: types per op ---- */

TEST(test_int_op_on_f64)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t c = irb_fconst(&x.b, 1.0);
    irb_binary(&x.b, IR_OP_SDIV, IR_F64, c, c);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "operands must be i8, i32 or i64, got f64");
}

TEST(test_int_op_result_type)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t c = irb_iconst(&x.b, IR_I32, 1);
    irb_binary(&x.b, IR_OP_MUL, IR_I64, c, c);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "result type i64 differs from operand type i32");
}

TEST(test_neg_on_ptr)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_unary(&x.b, IR_OP_NEG, IR_PTR, irb_iconst(&x.b, IR_PTR, 0));
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "operand must be i8, i32 or i64, got ptr");
}

TEST(test_float_op_on_int)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t c = irb_iconst(&x.b, IR_I64, 1);
    irb_binary(&x.b, IR_OP_FADD, IR_F64, c, c);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "operands must be f64, got i64, i64");
}

TEST(test_fneg_on_int)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_unary(&x.b, IR_OP_FNEG, IR_I64, irb_iconst(&x.b, IR_I64, 1));
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "operand and result must be f64, got i64 -> i64");
}

TEST(test_not_on_i32)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_unary(&x.b, IR_OP_NOT, IR_I8, irb_iconst(&x.b, IR_I32, 1));
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "operand must be i8, got i32");
}

TEST(test_bool_result_type)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t c = irb_iconst(&x.b, IR_I64, 1);
    uint32_t r = irb_cmp(&x.b, IR_OP_ICMP, IR_COND_EQ, c, c);
    irb_ret(&x.b, IR_NO_VALUE);
    inst_at(x.f, 0, 1)->type = IR_I32;
    x.f->value_types.items[r] = IR_I32;
    expect_one(&x, "result type must be i8, got i32");
}

TEST(test_icmp_operand_types)
{
    const IrType params[] = {IR_I32, IR_I64};
    Fx x = fx_new(IR_VOID, params, 2);
    irb_cmp(&x.b, IR_OP_ICMP, IR_COND_ULT, 0, 1);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "icmp ult %0, %1: operand types i32, i64 differ");
}

TEST(test_icmp_on_f64)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t c = irb_fconst(&x.b, 1.0);
    irb_cmp(&x.b, IR_OP_ICMP, IR_COND_EQ, c, c);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "icmp operands must be integers or ptr, got f64");
}

TEST(test_icmp_float_condition)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t c = irb_iconst(&x.b, IR_I32, 1);
    irb_cmp(&x.b, IR_OP_ICMP, IR_COND_FLT, c, c);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "invalid icmp condition");
}

TEST(test_fcmp_on_int)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t c = irb_iconst(&x.b, IR_I32, 1);
    irb_cmp(&x.b, IR_OP_FCMP, IR_COND_EQ, c, c);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "operands must be f64, got i32, i32");
}

TEST(test_fcmp_int_condition)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t c = irb_fconst(&x.b, 1.0);
    irb_cmp(&x.b, IR_OP_FCMP, IR_COND_SLT, c, c);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "invalid fcmp condition");
}

TEST(test_sext_must_widen)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_unary(&x.b, IR_OP_SEXT, IR_I32, irb_iconst(&x.b, IR_I64, 1));
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "result i32 is not wider than operand i64");
}

TEST(test_zext_same_width)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_unary(&x.b, IR_OP_ZEXT, IR_I8, irb_iconst(&x.b, IR_I8, 1));
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "result i8 is not wider than operand i8");
}

TEST(test_trunc_must_narrow)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_unary(&x.b, IR_OP_TRUNC, IR_I64, irb_iconst(&x.b, IR_I32, 1));
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "result i64 is not narrower than operand i32");
}

TEST(test_ext_on_ptr)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_unary(&x.b, IR_OP_ZEXT, IR_I64, irb_iconst(&x.b, IR_PTR, 0));
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "conversion needs integer types, got ptr -> i64");
}

TEST(test_sitofp_from_f64)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_unary(&x.b, IR_OP_UITOFP, IR_F64, irb_fconst(&x.b, 1.0));
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "conversion must be integer -> f64, got f64 -> f64");
}

TEST(test_fptosi_from_int)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_unary(&x.b, IR_OP_FPTOUI, IR_I64, irb_iconst(&x.b, IR_I64, 1));
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "conversion must be f64 -> integer, got i64 -> i64");
}

TEST(test_iconst_f64)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_iconst(&x.b, IR_F64, 1);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "iconst type must be i8, i32, i64 or ptr, got f64");
}

TEST(test_fconst_i64)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_fconst(&x.b, 1.0);
    irb_ret(&x.b, IR_NO_VALUE);
    inst_at(x.f, 0, 0)->type = IR_I64;
    x.f->value_types.items[0] = IR_I64;
    expect_one(&x, "fconst type must be f64, got i64");
}

TEST(test_local_out_of_range)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    ir_local_new(x.a, x.f, "v", IR_I32);
    irb_get(&x.b, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    inst_at(x.f, 0, 0)->target = 5;
    expect_one(&x, "local %l5 does not exist");
}

TEST(test_set_type_differs_from_local)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t l = ir_local_new(x.a, x.f, "v", IR_I32);
    irb_set(&x.b, l, irb_iconst(&x.b, IR_I64, 1));
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "type i64 differs from local %l0 of type i32");
}

TEST(test_get_type_differs_from_local)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t l = ir_local_new(x.a, x.f, "v", IR_I32);
    irb_get(&x.b, l);
    irb_ret(&x.b, IR_NO_VALUE);
    inst_at(x.f, 0, 0)->type = IR_I8;
    x.f->value_types.items[0] = IR_I8;
    expect_one(&x, "type i8 differs from local %l0 of type i32");
}

TEST(test_ptr_add_ok)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t args[2] = {irb_iconst(&x.b, IR_PTR, 0), irb_iconst(&x.b, IR_I64, 8)};
    uint32_t p = irb_emit(&x.b, (IrInst){.op = IR_OP_PTR_ADD, .type = IR_PTR, .args = args, .arg_count = 2});
    irb_load(&x.b, IR_I32, p, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_n(&x, 0, "");
}

TEST(test_ptr_add_int_offset_type)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t args[2] = {irb_iconst(&x.b, IR_PTR, 0), irb_iconst(&x.b, IR_I32, 8)};
    irb_emit(&x.b, (IrInst){.op = IR_OP_PTR_ADD, .type = IR_PTR, .args = args, .arg_count = 2});
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "operands must be ptr, i64, got ptr, i32");
}

TEST(test_load_from_int)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_load(&x.b, IR_I64, irb_iconst(&x.b, IR_I64, 0), 8);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "%1: i64 = load %0+8: address operand must be ptr, got i64");
}

TEST(test_load_without_result)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_load(&x.b, IR_VOID, irb_iconst(&x.b, IR_PTR, 0), 0);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "load needs a result type");
}

TEST(test_store_to_int)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t c = irb_iconst(&x.b, IR_I64, 0);
    irb_store(&x.b, c, 16, c);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "store %0+16, %0: address operand must be ptr, got i64");
}

TEST(test_data_out_of_range)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_data_addr(&x.b, 9);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "data index 9 is out of range");
}

TEST(test_funcaddr_out_of_range)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_func_addr(&x.b, 4);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "function index 4 is out of range");
}

TEST(test_data_result_not_ptr)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    ir_data_string(x.a, "s", 1);
    irb_emit(&x.b, (IrInst){.op = IR_OP_DATA_ADDR, .type = IR_I64, .target = 0});
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "result type must be ptr, got i64");
}

TEST(test_call_target_out_of_range)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_call(&x.b, 0, NULL, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    inst_at(x.f, 0, 0)->target = 3;
    expect_one(&x, "function index 3 is out of range");
}

TEST(test_call_arg_count)
{
    const IrType params[] = {IR_I64};
    Fx x = fx_new(IR_VOID, params, 1);
    irb_call(&x.b, 0, NULL, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "call $f(): callee expects 1 arguments, got 0");
}

TEST(test_call_arg_type)
{
    const IrType params[] = {IR_I64};
    Fx x = fx_new(IR_VOID, params, 1);
    uint32_t c = irb_iconst(&x.b, IR_I32, 1);
    irb_call(&x.b, 0, &c, 1);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "argument 0 has type i32, callee expects i64");
}

TEST(test_call_result_type)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_emit(&x.b, (IrInst){.op = IR_OP_CALL, .type = IR_I32, .target = 0});
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "result type i32 differs from the callee's return type void");
}

TEST(test_callrt_import_out_of_range)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_call_rt(&x.b, IR_RT_RT_INIT, NULL, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    inst_at(x.f, 0, 0)->target = 2;
    expect_one(&x, "runtime import index 2 is out of range");
}

TEST(test_callrt_arg_count)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t p = irb_iconst(&x.b, IR_PTR, 0);
    irb_call_rt(&x.b, IR_RT_STR_NEW, &p, 1);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "callrt str_new(%0): callee expects 2 arguments, got 1");
}

TEST(test_callrt_arg_type)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t args[2] = {irb_iconst(&x.b, IR_PTR, 0), irb_iconst(&x.b, IR_I32, 0)};
    irb_call_rt(&x.b, IR_RT_STR_NEW, args, 2);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "argument 1 has type i32, callee expects i64");
}

TEST(test_callrt_result_type)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t p = irb_iconst(&x.b, IR_PTR, 0);
    irb_call_rt(&x.b, IR_RT_STR_LEN, &p, 1);
    irb_ret(&x.b, IR_NO_VALUE);
    inst_at(x.f, 0, 1)->type = IR_I32;
    x.f->value_types.items[1] = IR_I32;
    expect_one(&x, "result type i32 differs from the callee's return type i64");
}

TEST(test_callext_arg_type)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    IrType ptr = IR_PTR;
    IrExternImport import = {"puts", "C", NULL, NULL, IR_I32, &ptr, 1};
    VEC_PUSH(x.a->arena, &x.a->extern_imports, import);
    uint32_t c = irb_iconst(&x.b, IR_I64, 0);
    irb_call_extern(&x.b, 0, &c, 1);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "callext puts(%0): argument 0 has type i64, callee expects ptr");
}

TEST(test_callext_out_of_range)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_emit(&x.b, (IrInst){.op = IR_OP_CALL_EXTERN, .type = IR_VOID, .target = 0});
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "extern import index 0 is out of range");
}

TEST(test_callind_callee_not_ptr)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_call_indirect(&x.b, IR_VOID, irb_iconst(&x.b, IR_I64, 0), NULL, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "callee operand must be ptr, got i64");
}

TEST(test_callind_without_callee)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_emit(&x.b, (IrInst){.op = IR_OP_CALL_INDIRECT, .type = IR_VOID});
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "callind needs a callee operand");
}

TEST(test_jmp_target_out_of_range)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_jmp(&x.b, 7);
    expect_one(&x, "@b0: jmp @b7: target @b7 does not exist");
}

TEST(test_br_target_out_of_range)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t b1 = ir_block_new(x.a, x.f);
    irb_br(&x.b, irb_iconst(&x.b, IR_I8, 1), b1, 5);
    x.b.block = b1;
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "br %0, @b1, @b5: target @b5 does not exist");
}

TEST(test_br_condition_not_i8)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t b1 = ir_block_new(x.a, x.f);
    irb_br(&x.b, irb_iconst(&x.b, IR_I32, 1), b1, b1);
    x.b.block = b1;
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "branch condition must be i8, got i32");
}

TEST(test_ret_missing_value)
{
    Fx x = fx_new(IR_I64, NULL, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "ret needs one value of type i64, got 0 operands");
}

TEST(test_ret_value_type)
{
    Fx x = fx_new(IR_I64, NULL, 0);
    irb_ret(&x.b, irb_iconst(&x.b, IR_I32, 1));
    expect_one(&x, "ret value has type i32, function returns i64");
}

TEST(test_ret_two_values)
{
    Fx x = fx_new(IR_I64, NULL, 0);
    uint32_t args[2] = {irb_iconst(&x.b, IR_I64, 1), 0};
    irb_emit(&x.b, (IrInst){.op = IR_OP_RET, .type = IR_VOID, .args = args, .arg_count = 2});
    expect_one(&x, "ret needs one value of type i64, got 2 operands");
}

TEST(test_none_rule_with_type)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    inst_at(x.f, 0, 0)->type = IR_I32;
    inst_at(x.f, 0, 0)->result = 0;
    VEC_PUSH(x.a->arena, &x.f->value_types, IR_I32);
    expect_one(&x, "ret has no result, but its type is i32");
}

TEST(test_float_op_result_type)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    uint32_t c = irb_fconst(&x.b, 1.0);
    irb_binary(&x.b, IR_OP_FDIV, IR_I64, c, c);
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "result type must be f64, got i64");
}

TEST(test_neg_result_type)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_unary(&x.b, IR_OP_NEG, IR_I64, irb_iconst(&x.b, IR_I32, 1));
    irb_ret(&x.b, IR_NO_VALUE);
    expect_one(&x, "result type i64 differs from operand type i32");
}

TEST(test_operand_list_missing)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    inst_at(x.f, 0, 0)->arg_count = 1; /* args stays NULL */
    expect_one(&x, "operand list is missing");
}

TEST(test_unknown_op)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_unreachable(&x.b);
    irb_ret(&x.b, IR_NO_VALUE);
    inst_at(x.f, 0, 0)->op = IR_OP__COUNT;
    expect_one(&x, "@b0: instruction 0 has unknown op");
}

TEST(test_null_symbol)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    ir_data_new(x.a, "d", IR_DATA_OTHER, 1, (const uint8_t *)"x", 1);
    x.a->data.items[0].symbol = NULL;
    expect_one(&x, "data 0 has no symbol");
}

/* ---- A1-A4: artifact level ---- */

TEST(test_unknown_runtime_function)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    IrRuntimeImport import = {IR_RT__COUNT};
    VEC_PUSH(x.a->arena, &x.a->runtime_imports, import);
    expect_one(&x, "names unknown runtime function");
}

TEST(test_reloc_overruns_data)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    uint8_t bytes[16] = {0};
    uint32_t d = ir_data_new(x.a, "blob", IR_DATA_OTHER, 8, bytes, 16);
    IrReloc r = {12, true, 0};
    VEC_PUSH(x.a->arena, &x.a->data.items[d].relocs, r);
    expect_one(&x, "IR verification failed for `blob`: relocation at +12 overruns the data (size 16)");
}

TEST(test_reloc_target_out_of_range)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    uint8_t bytes[16] = {0};
    uint32_t d = ir_data_new(x.a, "blob", IR_DATA_OTHER, 8, bytes, 16);
    IrReloc r = {8, false, 3};
    VEC_PUSH(x.a->arena, &x.a->data.items[d].relocs, r);
    expect_one(&x, "relocation at +8 names data index 3, out of range");
}

TEST(test_entry_func_out_of_range)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    IrEntry e = {.source_name = "main", .qualified_name = "main", .func = 2};
    VEC_PUSH(x.a->arena, &x.a->entries, e);
    expect_one(&x, "IR verification failed for `main`: entry function index 2 is out of range");
}

TEST(test_entry_param_count)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    IrEntry e = {.source_name = "main", .qualified_name = "main", .func = 0, .param_count = 1};
    VEC_PUSH(x.a->arena, &x.a->entries, e);
    expect_one(&x, "entry has 1 parameters, function has 0");
}

TEST(test_duplicate_function_symbol)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    IrFunc *g = ir_func_new(x.a, "f", IR_VOID, NULL, 0);
    ir_block_new(x.a, g);
    IrBuilder gb = {x.a, g, 0, SPAN_NONE};
    irb_ret(&gb, IR_NO_VALUE);
    expect_one(&x, "symbol `f` is defined more than once");
}

TEST(test_data_symbol_clashes_with_function)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    ir_data_new(x.a, "f", IR_DATA_OTHER, 1, (const uint8_t *)"x", 1);
    expect_one(&x, "symbol `f` is defined more than once");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_artifact),
        cmocka_unit_test(test_message_names_function_block_and_inst),
        cmocka_unit_test(test_collects_every_violation),
        cmocka_unit_test(test_no_blocks),
        cmocka_unit_test(test_empty_block),
        cmocka_unit_test(test_missing_terminator),
        cmocka_unit_test(test_terminator_before_end),
        cmocka_unit_test(test_params_not_first_values),
        cmocka_unit_test(test_value_defined_twice),
        cmocka_unit_test(test_result_out_of_range),
        cmocka_unit_test(test_result_type_differs_from_value_types),
        cmocka_unit_test(test_typed_inst_without_result),
        cmocka_unit_test(test_void_inst_with_result),
        cmocka_unit_test(test_undefined_operand),
        cmocka_unit_test(test_use_before_def_in_block),
        cmocka_unit_test(test_use_not_dominated_across_blocks),
        cmocka_unit_test(test_use_of_value_from_unreachable_block),
        cmocka_unit_test(test_operand_count),
        cmocka_unit_test(test_int_op_on_f64),
        cmocka_unit_test(test_int_op_result_type),
        cmocka_unit_test(test_neg_on_ptr),
        cmocka_unit_test(test_float_op_on_int),
        cmocka_unit_test(test_fneg_on_int),
        cmocka_unit_test(test_not_on_i32),
        cmocka_unit_test(test_bool_result_type),
        cmocka_unit_test(test_icmp_operand_types),
        cmocka_unit_test(test_icmp_on_f64),
        cmocka_unit_test(test_icmp_float_condition),
        cmocka_unit_test(test_fcmp_on_int),
        cmocka_unit_test(test_fcmp_int_condition),
        cmocka_unit_test(test_sext_must_widen),
        cmocka_unit_test(test_zext_same_width),
        cmocka_unit_test(test_trunc_must_narrow),
        cmocka_unit_test(test_ext_on_ptr),
        cmocka_unit_test(test_sitofp_from_f64),
        cmocka_unit_test(test_fptosi_from_int),
        cmocka_unit_test(test_iconst_f64),
        cmocka_unit_test(test_fconst_i64),
        cmocka_unit_test(test_local_out_of_range),
        cmocka_unit_test(test_set_type_differs_from_local),
        cmocka_unit_test(test_get_type_differs_from_local),
        cmocka_unit_test(test_ptr_add_ok),
        cmocka_unit_test(test_ptr_add_int_offset_type),
        cmocka_unit_test(test_load_from_int),
        cmocka_unit_test(test_load_without_result),
        cmocka_unit_test(test_store_to_int),
        cmocka_unit_test(test_data_out_of_range),
        cmocka_unit_test(test_funcaddr_out_of_range),
        cmocka_unit_test(test_data_result_not_ptr),
        cmocka_unit_test(test_call_target_out_of_range),
        cmocka_unit_test(test_call_arg_count),
        cmocka_unit_test(test_call_arg_type),
        cmocka_unit_test(test_call_result_type),
        cmocka_unit_test(test_callrt_import_out_of_range),
        cmocka_unit_test(test_callrt_arg_count),
        cmocka_unit_test(test_callrt_arg_type),
        cmocka_unit_test(test_callrt_result_type),
        cmocka_unit_test(test_callext_arg_type),
        cmocka_unit_test(test_callext_out_of_range),
        cmocka_unit_test(test_callind_callee_not_ptr),
        cmocka_unit_test(test_callind_without_callee),
        cmocka_unit_test(test_jmp_target_out_of_range),
        cmocka_unit_test(test_br_target_out_of_range),
        cmocka_unit_test(test_br_condition_not_i8),
        cmocka_unit_test(test_ret_missing_value),
        cmocka_unit_test(test_ret_value_type),
        cmocka_unit_test(test_ret_two_values),
        cmocka_unit_test(test_none_rule_with_type),
        cmocka_unit_test(test_float_op_result_type),
        cmocka_unit_test(test_neg_result_type),
        cmocka_unit_test(test_operand_list_missing),
        cmocka_unit_test(test_unknown_op),
        cmocka_unit_test(test_null_symbol),
        cmocka_unit_test(test_unknown_runtime_function),
        cmocka_unit_test(test_reloc_overruns_data),
        cmocka_unit_test(test_reloc_target_out_of_range),
        cmocka_unit_test(test_entry_func_out_of_range),
        cmocka_unit_test(test_entry_param_count),
        cmocka_unit_test(test_duplicate_function_symbol),
        cmocka_unit_test(test_data_symbol_clashes_with_function),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
