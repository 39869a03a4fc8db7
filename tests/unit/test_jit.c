/* test_jit.c: `beskid run` on hand-built artifacts (backend/jit). Each test
 * builds IR with the IrBuilder, runs it through jit_run into a memory stream
 * and checks the printed result line (backends.md §3.4) or the E50xx
 * diagnostics of entrypoint resolution (§3.3, §0a item 7). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "artifact/ir.h"
#include "backend/jit/jit.h"
#include "support/diag.h"

typedef struct Fixture {
    Arena *arena;
    Artifact *a;
    DiagList diags;
    IrBuilder b;
} Fixture;

static void fixture_init(Fixture *fx)
{
    fx->arena = arena_new();
    fx->a = ir_artifact_new(fx->arena);
    diag_list_init(&fx->diags, fx->arena);
}

/* A zero-parameter function with one entry block; the builder points at it. */
static IrFunc *begin(Fixture *fx, const char *qualified, const char *source, IrType ret, IrResultKind kind)
{
    IrFunc *f = ir_func_new(fx->a, arena_printf(fx->arena, "_B%u%s", fx->a->funcs.count, source), ret, NULL, 0);
    f->source_name = arena_strdup(fx->arena, source);
    f->qualified_name = arena_strdup(fx->arena, qualified);
    ir_block_new(fx->a, f);
    fx->b = (IrBuilder){.artifact = fx->a, .func = f, .block = 0, .loc = SPAN_NONE};
    IrEntry e = {.source_name = f->source_name, .qualified_name = f->qualified_name, .kind = IR_FUNC_FUNCTION,
                 .func = ir_func_index(fx->a, f), .result = kind};
    VEC_PUSH(fx->arena, &fx->a->entries, e);
    return f;
}

/* Runs the artifact; returns the printed text (malloc'd) or NULL on failure. */
static char *run(Fixture *fx, const char *entry, int opt_level)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    JitOptions options = {.entrypoint = entry, .opt_level = opt_level};
    bool ok = jit_run(fx->a, &options, &fx->diags, out);
    fclose(out);
    if (!ok) {
        free(text);
        return NULL;
    }
    return text;
}

static void expect_output(Fixture *fx, const char *expected)
{
    for (int level = 0; level <= 2; level += 2) {
        char *text = run(fx, NULL, level);
        assert_non_null(text);
        assert_string_equal(text, expected);
        free(text);
    }
    arena_free(fx->arena);
}

static void test_ret_42(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    begin(&fx, "main", "main", IR_I64, IR_RESULT_I64);
    irb_ret(&fx.b, irb_iconst(&fx.b, IR_I64, 42));
    expect_output(&fx, "42\n");
}

static void test_negative_i32(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    begin(&fx, "main", "main", IR_I32, IR_RESULT_I32);
    uint32_t a = irb_iconst(&fx.b, IR_I32, 3);
    uint32_t b = irb_iconst(&fx.b, IR_I32, 10);
    irb_ret(&fx.b, irb_binary(&fx.b, IR_OP_SUB, IR_I32, a, b));
    expect_output(&fx, "-7\n");
}

static void test_bool_and_u8(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    begin(&fx, "main", "main", IR_I8, IR_RESULT_BOOL);
    uint32_t a = irb_iconst(&fx.b, IR_I64, 3);
    uint32_t b = irb_iconst(&fx.b, IR_I64, 4);
    irb_ret(&fx.b, irb_cmp(&fx.b, IR_OP_ICMP, IR_COND_SLT, a, b));
    expect_output(&fx, "true\n");

    fixture_init(&fx);
    begin(&fx, "main", "main", IR_I8, IR_RESULT_U8);
    irb_ret(&fx.b, irb_iconst(&fx.b, IR_I8, 250));
    expect_output(&fx, "250\n");
}

static void test_f64(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    begin(&fx, "main", "main", IR_F64, IR_RESULT_F64);
    uint32_t a = irb_fconst(&fx.b, 5.0);
    uint32_t b = irb_fconst(&fx.b, 2.0);
    irb_ret(&fx.b, irb_binary(&fx.b, IR_OP_FDIV, IR_F64, a, b));
    expect_output(&fx, "2.5\n");

    fixture_init(&fx);
    begin(&fx, "main", "main", IR_F64, IR_RESULT_F64);
    irb_ret(&fx.b, irb_fconst(&fx.b, 1.0));
    expect_output(&fx, "1\n");
}

static void test_char_unit_string(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    begin(&fx, "main", "main", IR_I32, IR_RESULT_CHAR);
    irb_ret(&fx.b, irb_iconst(&fx.b, IR_I32, 'A'));
    expect_output(&fx, "A\n");

    fixture_init(&fx);
    begin(&fx, "main", "main", IR_VOID, IR_RESULT_UNIT);
    irb_ret(&fx.b, IR_NO_VALUE);
    expect_output(&fx, "ok\n");

    fixture_init(&fx);
    begin(&fx, "main", "main", IR_PTR, IR_RESULT_STRING);
    uint32_t data = ir_data_string(fx.a, "héllo", 6);
    uint32_t args[2] = {irb_data_addr(&fx.b, data), irb_iconst(&fx.b, IR_I64, 6)};
    uint32_t s = irb_call_rt(&fx.b, IR_RT_STR_NEW, args, 2);
    uint32_t cat[2] = {s, s};
    irb_ret(&fx.b, irb_call_rt(&fx.b, IR_RT_STR_CONCAT, cat, 2));
    expect_output(&fx, "héllohéllo\n");
}

/* sum = 0; i = 1; while i <= 10 { sum += i; i += 1 }; calls add(sum, 0). */
static void test_loop_and_call(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    IrType params[2] = {IR_I64, IR_I64};
    IrFunc *add = ir_func_new(fx.a, "_Badd", IR_I64, params, 2);
    ir_block_new(fx.a, add);
    IrBuilder ab = {.artifact = fx.a, .func = add, .block = 0, .loc = SPAN_NONE};
    irb_ret(&ab, irb_binary(&ab, IR_OP_ADD, IR_I64, 0, 1));

    IrFunc *f = begin(&fx, "main", "main", IR_I64, IR_RESULT_I64);
    uint32_t sum = ir_local_new(fx.a, f, "sum", IR_I64);
    uint32_t i = ir_local_new(fx.a, f, "i", IR_I64);
    uint32_t head = ir_block_new(fx.a, f), body = ir_block_new(fx.a, f), done = ir_block_new(fx.a, f);
    irb_set(&fx.b, sum, irb_iconst(&fx.b, IR_I64, 0));
    irb_set(&fx.b, i, irb_iconst(&fx.b, IR_I64, 1));
    irb_jmp(&fx.b, head);
    fx.b.block = head;
    uint32_t cond = irb_cmp(&fx.b, IR_OP_ICMP, IR_COND_SLE, irb_get(&fx.b, i), irb_iconst(&fx.b, IR_I64, 10));
    irb_br(&fx.b, cond, body, done);
    fx.b.block = body;
    uint32_t args[2] = {irb_get(&fx.b, sum), irb_get(&fx.b, i)};
    irb_set(&fx.b, sum, irb_call(&fx.b, ir_func_index(fx.a, add), args, 2));
    irb_set(&fx.b, i, irb_binary(&fx.b, IR_OP_ADD, IR_I64, irb_get(&fx.b, i), irb_iconst(&fx.b, IR_I64, 1)));
    irb_jmp(&fx.b, head);
    fx.b.block = done;
    irb_ret(&fx.b, irb_get(&fx.b, sum));
    expect_output(&fx, "55\n");
}

/* Checked division that does not trap: MIN % -1 == 0, 7 / -2 == -3. */
static void test_division(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    begin(&fx, "main", "main", IR_I64, IR_RESULT_I64);
    uint32_t min = irb_iconst(&fx.b, IR_I64, INT64_MIN);
    uint32_t m1 = irb_iconst(&fx.b, IR_I64, -1);
    uint32_t rem = irb_binary(&fx.b, IR_OP_SREM, IR_I64, min, m1);
    uint32_t q = irb_binary(&fx.b, IR_OP_SDIV, IR_I64, irb_iconst(&fx.b, IR_I64, 7), irb_iconst(&fx.b, IR_I64, -2));
    irb_ret(&fx.b, irb_binary(&fx.b, IR_OP_ADD, IR_I64, rem, q));
    expect_output(&fx, "-3\n");
}

static void test_saturating_conversion(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    begin(&fx, "main", "main", IR_I32, IR_RESULT_I32);
    irb_ret(&fx.b, irb_unary(&fx.b, IR_OP_FPTOSI, IR_I32, irb_fconst(&fx.b, 1e20)));
    expect_output(&fx, "2147483647\n");
}

/* A checked division by zero panics: the runtime exits the process with 101
 * (backends.md §3.5), so the program runs in a child. */
static void test_division_by_zero_panics(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    IrType params[2] = {IR_I64, IR_I64};
    IrFunc *div = ir_func_new(fx.a, "_Bdiv", IR_I64, params, 2);
    ir_block_new(fx.a, div);
    IrBuilder db = {.artifact = fx.a, .func = div, .block = 0, .loc = SPAN_NONE};
    irb_ret(&db, irb_binary(&db, IR_OP_UREM, IR_I64, 0, 1));
    begin(&fx, "main", "main", IR_I64, IR_RESULT_I64);
    uint32_t args[2] = {irb_iconst(&fx.b, IR_I64, 5), irb_iconst(&fx.b, IR_I64, 0)};
    irb_ret(&fx.b, irb_call(&fx.b, ir_func_index(fx.a, div), args, 2));
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        FILE *out = fopen("/dev/null", "w");
        JitOptions options = {.opt_level = 2};
        jit_run(fx.a, &options, &fx.diags, out);
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 101);
    arena_free(fx.arena);
}

static void expect_diag(Fixture *fx, const char *entry, const char *code, const char *message)
{
    char *text = run(fx, entry, 0);
    assert_null(text);
    assert_int_equal(fx->diags.items.count, 1);
    const Diag *d = &fx->diags.items.items[0];
    assert_string_equal(diag_code(d->id), code);
    assert_string_equal(d->message, message);
}

static void test_entry_errors(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    begin(&fx, "main", "main", IR_I64, IR_RESULT_I64);
    irb_ret(&fx.b, irb_iconst(&fx.b, IR_I64, 1));
    expect_diag(&fx, "start", "E5001", "Missing entrypoint `start`");
    arena_free(fx.arena);

    fixture_init(&fx);
    IrFunc *f = begin(&fx, "main", "main", IR_I64, IR_RESULT_I64);
    (void)f;
    fx.a->entries.items[0].param_count = 1;
    irb_ret(&fx.b, irb_iconst(&fx.b, IR_I64, 1));
    expect_diag(&fx, NULL, "E5002", "Entrypoint `main` must take no parameters");
    arena_free(fx.arena);

    fixture_init(&fx);
    begin(&fx, "a::run", "run", IR_I64, IR_RESULT_I64);
    irb_ret(&fx.b, irb_iconst(&fx.b, IR_I64, 1));
    begin(&fx, "b::run", "run", IR_I64, IR_RESULT_I64);
    irb_ret(&fx.b, irb_iconst(&fx.b, IR_I64, 2));
    expect_diag(&fx, "run", "E5003", "Ambiguous entrypoint `run`");
    assert_non_null(strstr(fx.diags.items.items[0].help, "a::run"));
    assert_non_null(strstr(fx.diags.items.items[0].help, "b::run"));
    /* the qualified name picks one */
    char *text = run(&fx, "b::run", 2);
    assert_string_equal(text, "2\n");
    free(text);
    arena_free(fx.arena);

    fixture_init(&fx);
    begin(&fx, "main", "main", IR_I64, IR_RESULT_I64);
    fx.a->entries.items[0].is_generic = true;
    irb_ret(&fx.b, irb_iconst(&fx.b, IR_I64, 1));
    expect_diag(&fx, NULL, "E5004", "Entrypoint `main` is generic");
    arena_free(fx.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ret_42),
        cmocka_unit_test(test_negative_i32),
        cmocka_unit_test(test_bool_and_u8),
        cmocka_unit_test(test_f64),
        cmocka_unit_test(test_char_unit_string),
        cmocka_unit_test(test_loop_and_call),
        cmocka_unit_test(test_division),
        cmocka_unit_test(test_saturating_conversion),
        cmocka_unit_test(test_division_by_zero_panics),
        cmocka_unit_test(test_entry_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
