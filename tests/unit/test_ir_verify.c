/* test_ir_verify.c: the verifier invariants that IR text cannot state. The
 * other invariants are tests/lit/ir-verify/ (one .ir file per invariant);
 * these stay here because ir_parse itself rejects the broken references
 * (E2103-E2105) or cannot spell them (a NULL symbol), so only the C API can
 * build them. Each hand-built artifact must yield exactly that one E2011. */
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

TEST(test_undefined_operand)
{
    Fx x = fx_new(IR_I64, NULL, 0);
    irb_ret(&x.b, irb_iconst(&x.b, IR_I64, 1));
    inst_at(x.f, 0, 1)->args[0] = 7;
    expect_one(&x, "@b0: ret %7: operand %7 is not defined");
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

TEST(test_null_symbol)
{
    Fx x = fx_new(IR_VOID, NULL, 0);
    irb_ret(&x.b, IR_NO_VALUE);
    ir_data_new(x.a, "d", IR_DATA_OTHER, 1, (const uint8_t *)"x", 1);
    x.a->data.items[0].symbol = NULL;
    expect_one(&x, "data 0 has no symbol");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_undefined_operand),
        cmocka_unit_test(test_local_out_of_range),
        cmocka_unit_test(test_jmp_target_out_of_range),
        cmocka_unit_test(test_br_target_out_of_range),
        cmocka_unit_test(test_null_symbol),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
